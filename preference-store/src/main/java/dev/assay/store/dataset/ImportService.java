package dev.assay.store.dataset;

import dev.assay.platform.jobs.JobRunner;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.store.dataset.format.DatasetReaders;
import dev.assay.store.dataset.format.ImportLimits;
import dev.assay.store.dataset.format.RecordReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Imports files into datasets, synchronously (CLI, demo data) or as background jobs (REST upload) on the
 * {@link JobRunner}'s import lane: one import at a time per replica, since imports are I/O- and
 * lock-heavy and queueing keeps memory flat. An upload waits in the spool directory, named on its job,
 * so a job queued or running at a restart is imported (again) when the application starts; records a
 * first attempt already stored count as duplicates the second time.
 */
@ApplicationScoped
public class ImportService implements JobRunner.JobKind {
  private static final Logger LOG = Logger.getLogger(ImportService.class);

  private final DatasetImporter importer;
  private final ImportLimits limits;
  private final Path spoolDir;
  private final JobRunner jobs;

  public ImportService(DatasetImporter importer, ImportLimitsConfig limits, JobRunner jobs) {
    this.importer = importer;
    this.limits = limits.toLimits();
    this.spoolDir = limits.spoolDir();
    this.jobs = jobs;
  }

  /** Imports a file now; the CLI's and the demo loader's path. */
  public ImportOutcome importFile(
      Path file, String datasetName, DatasetFormat format, Path rejects, String user, LongConsumer progress) {
    return importFile(file, file.getFileName().toString(), datasetName, format, rejects, user, progress);
  }

  /**
   * Imports a file under another name: {@code displayName} (an upload's own file name, not its spool
   * file's) is the name errors report and records keep as their source file.
   */
  public ImportOutcome importFile(
      Path file, String displayName, String datasetName, DatasetFormat format, Path rejects, String user,
      LongConsumer progress) {
    long datasetId = datasetFor(datasetName, user);
    try (RecordReader reader = DatasetReaders.open(Files.newInputStream(file), displayName, format, limits)) {
      return importer.run(datasetId, datasetName, displayName, reader, rejects, progress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Accepts an upload: the body is spooled to a temporary file (constant memory), then imported by a
   * background job whose progress is persisted.
   */
  public ImportJob submit(
      InputStream body, String fileName, String datasetName, DatasetFormat format, boolean skipInvalid, String user) {
    if (fileName == null || fileName.isBlank()) {
      throw ProblemException.invalid("file", "the upload must name its file (query parameter file)");
    }
    Path spooled = spool(body);
    long datasetId = datasetFor(datasetName, user);
    ImportJob job = QuarkusTransaction.requiringNew().call(() -> {
      ImportJob created = new ImportJob();
      created.datasetId = datasetId;
      created.fileName = fileName;
      created.format = format == null ? null : format.cliName();
      created.skipInvalid = skipInvalid;
      created.spoolFile = spooled.toString();
      created.state = ImportJob.State.QUEUED;
      created.createdBy = user;
      created.persist();
      return created;
    });
    jobs.submit(this, job.id);
    return job;
  }

  @Override
  public String name() {
    return "import";
  }

  @Override
  public List<Long> unfinished() {
    return QuarkusTransaction.requiringNew().call(() -> ImportJob.<ImportJob>list("state in ?1 order by id",
        List.of(ImportJob.State.QUEUED, ImportJob.State.RUNNING)).stream().map(job -> job.id).toList());
  }

  @Override
  public void run(long jobId) {
    ImportJob queued = update(jobId, job -> job.state = ImportJob.State.RUNNING);
    String datasetName = QuarkusTransaction.requiringNew().call(() -> Dataset.<Dataset>findById(queued.datasetId).name);
    Path spooled = queued.spoolFile == null ? null : Path.of(queued.spoolFile);
    if (spooled == null || !Files.isRegularFile(spooled)) {
      fail(jobId, "the uploaded file is no longer in the spool directory; upload it again", null, null);
      return;
    }
    String fileName = queued.fileName;
    DatasetFormat format = queued.format == null ? null : DatasetFormat.fromName(queued.format);
    Path rejects = queued.skipInvalid ? spooled.resolveSibling(spooled.getFileName() + ".rejects.jsonl") : null;
    try {
      ImportOutcome outcome = importFile(spooled, fileName, datasetName, format, rejects, queued.createdBy,
          read -> update(jobId, job -> job.recordsRead = read));
      update(jobId, job -> {
        job.state = ImportJob.State.SUCCEEDED;
        job.format = outcome.format();
        job.recordsRead = outcome.read();
        job.recordsNew = outcome.newRecords();
        job.duplicates = outcome.duplicates();
        job.skipped = outcome.skipped();
        job.rejected = outcome.rejected();
        job.finishedAt = Instant.now();
      });
    } catch (DatasetFormatException e) {
      fail(jobId, e.getMessage(), e.line(), e.field());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Import job %d failed", jobId);
      fail(jobId, e.getMessage(), null, null);
    } finally {
      deleteQuietly(spooled);
    }
  }

  private void fail(long jobId, String detail, Long line, String field) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("detail", detail);
    if (line != null) {
      error.put("line", line);
    }
    if (field != null) {
      error.put("field", field);
    }
    update(jobId, job -> {
      job.state = ImportJob.State.FAILED;
      job.error = error;
      job.finishedAt = Instant.now();
    });
  }

  private ImportJob update(long jobId, java.util.function.Consumer<ImportJob> change) {
    return QuarkusTransaction.requiringNew().call(() -> {
      ImportJob job = ImportJob.findById(jobId);
      change.accept(job);
      return job;
    });
  }

  public ImportJob job(long id) {
    ImportJob job = QuarkusTransaction.requiringNew().call(() -> ImportJob.<ImportJob>findById(id));
    if (job == null) {
      throw ProblemException.notFound("import job", id);
    }
    return job;
  }

  /** Every dataset with its record count (one grouped count, not a query per dataset). */
  @SuppressWarnings("unchecked")
  public List<DatasetSummary> datasets() {
    return QuarkusTransaction.requiringNew().call(() -> {
      Map<Long, Long> counts = new HashMap<>();
      for (Object[] row : (List<Object[]>) Dataset.getEntityManager()
          .createNativeQuery("SELECT dataset_id, count(*) FROM dataset_record GROUP BY dataset_id")
          .getResultList()) {
        counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
      }
      return Dataset.<Dataset>listAll(Sort.by("id")).stream()
          .map(d -> new DatasetSummary(d.id, d.name, d.description, d.createdAt, counts.getOrDefault(d.id, 0L)))
          .toList();
    });
  }

  /** The dataset's id, creating it on first use. */
  public long datasetFor(String name, String user) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw ProblemException.invalid("dataset", "dataset must be a name of 1-200 characters");
    }
    return QuarkusTransaction.requiringNew().call(() -> Dataset.findByName(name).orElseGet(() -> {
      Dataset dataset = new Dataset();
      dataset.name = name;
      dataset.createdBy = user;
      dataset.persist();
      return dataset;
    }).id);
  }

  private Path spool(InputStream body) {
    try {
      Files.createDirectories(spoolDir);
      Path file = Files.createTempFile(spoolDir, "upload-", ".data");
      Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not receive the upload: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debugf("Could not delete %s: %s", file, e.getMessage());
    }
  }
}
