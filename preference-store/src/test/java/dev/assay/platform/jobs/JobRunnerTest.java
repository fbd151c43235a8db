package dev.assay.platform.jobs;

import static dev.assay.store.StoreTestSupport.datasetRecordCount;
import static dev.assay.store.StoreTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.dataset.ImportJob;
import dev.assay.store.dataset.ImportLimitsConfig;
import dev.assay.store.dataset.ImportService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Background jobs survive a restart: what a previous run left queued runs when the application starts. */
@QuarkusTest
class JobRunnerTest {
  @Inject JobRunner runner;
  @Inject Instance<JobRunner.JobKind> kinds;
  @Inject ImportService imports;
  @Inject ImportLimitsConfig settings;

  @Test
  void anUploadQueuedBeforeARestartIsImportedWhenTheApplicationStarts() throws Exception {
    String dataset = unique("queued-at-restart");
    Path spooled = Files.createDirectories(settings.spoolDir()).resolve(dataset + ".data");
    try (InputStream fixture = getClass().getResourceAsStream("/formats/hh-rlhf.jsonl")) {
      Files.copy(fixture, spooled);
    }
    // What a process killed after accepting an upload leaves behind: the job row and its spooled file.
    long datasetId = imports.datasetFor(dataset, "tests");
    long jobId = QuarkusTransaction.requiringNew().call(() -> {
      ImportJob job = new ImportJob();
      job.datasetId = datasetId;
      job.datasetName = dataset;
      job.fileName = "hh-rlhf.jsonl";
      job.spoolFile = spooled.toString();
      job.state = ImportJob.State.QUEUED;
      job.createdBy = "tests";
      job.persist();
      return job.id;
    });

    runner.resumeUnfinished(null, kinds, true);

    ImportJob finished = awaitEnd(jobId);
    assertThat(finished.state).isEqualTo(ImportJob.State.SUCCEEDED);
    assertThat(finished.recordsNew).isEqualTo(4);
    assertThat(datasetRecordCount(dataset)).isEqualTo(4);
    assertThat(spooled).doesNotExist();
  }

  @Test
  void aQueuedJobWhoseUploadIsGoneFailsWithAReason() {
    String dataset = unique("spool-gone");
    long datasetId = imports.datasetFor(dataset, "tests");
    long jobId = QuarkusTransaction.requiringNew().call(() -> {
      ImportJob job = new ImportJob();
      job.datasetId = datasetId;
      job.datasetName = dataset;
      job.fileName = "lost.jsonl";
      job.spoolFile = "/nonexistent/assay-upload.data";
      job.state = ImportJob.State.QUEUED;
      job.persist();
      return job.id;
    });

    runner.submit(imports, jobId);

    ImportJob finished = awaitEnd(jobId);
    assertThat(finished.state).isEqualTo(ImportJob.State.FAILED);
    assertThat(finished.error).containsEntry("detail",
        "the uploaded file is no longer in the spool directory; upload it again");
  }

  private static ImportJob awaitEnd(long jobId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      ImportJob job = QuarkusTransaction.requiringNew().call(() -> ImportJob.<ImportJob>findById(jobId));
      if (job.state == ImportJob.State.SUCCEEDED || job.state == ImportJob.State.FAILED) {
        return job;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("import job " + jobId + " did not end within 60 s");
  }
}
