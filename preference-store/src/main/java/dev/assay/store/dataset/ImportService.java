package dev.assay.store.dataset;

import dev.assay.platform.files.TempFiles;
import dev.assay.platform.jobs.JobRunner;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.store.dataset.format.DatasetReaders;
import dev.assay.store.dataset.format.ImportLimits;
import dev.assay.store.dataset.format.RecordReader;
import dev.assay.store.text.StorableText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 *
 * <p>An import that fails leaves nothing behind: no records (one transaction), no dataset it created, no
 * spooled upload. A skip-invalid upload's refused records stay readable for
 * {@code assay.import.rejects-retention} after its job ended, then their file is deleted.
 */
@ApplicationScoped
public class ImportService implements JobRunner.JobKind {
  private static final Logger LOG = Logger.getLogger(ImportService.class);

  private final DatasetImporter importer;
  private final ImportLimits limits;
  private final Path spoolDir;
  private final Duration rejectsRetention;
  private final JobRunner jobs;

  public ImportService(DatasetImporter importer, ImportLimitsConfig limits, JobRunner jobs) {
    this.importer = importer;
    this.limits = limits.toLimits();
    this.spoolDir = limits.spoolDir();
    this.rejectsRetention = limits.rejectsRetention();
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
    Target dataset = target(datasetName, user);
    try (RecordReader reader = DatasetReaders.open(Files.newInputStream(file), displayName, format, limits)) {
      return importer.run(dataset.id(), datasetName, displayName, reader, rejects, progress);
    } catch (IOException e) {
      dropIfCreated(dataset);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      dropIfCreated(dataset);
      throw e;
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
    if (!StorableText.isStorable(fileName)) {
      throw ProblemException.invalid("file", "file " + StorableText.problem(fileName));
    }
    checkName(datasetName);
    // Refusals come first: from here on, a failure must delete the spooled file.
    Path spooled = spool(body);
    try {
      return queue(spooled, fileName, datasetName, format, skipInvalid, user);
    } catch (RuntimeException e) {
      TempFiles.deleteQuietly(spooled);
      throw e;
    }
  }

  private ImportJob queue(
      Path spooled, String fileName, String datasetName, DatasetFormat format, boolean skipInvalid, String user) {
    ImportJob job = QuarkusTransaction.requiringNew().call(() -> {
      ImportJob created = new ImportJob();
      created.datasetName = datasetName;
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
    String datasetName = queued.datasetName;
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
      if (outcome.rejectsFile() == null) {
        TempFiles.deleteQuietly(rejects); // nothing was refused: the file is empty
      }
      Long datasetId = QuarkusTransaction.requiringNew().call(
          () -> Dataset.findByName(datasetName).map(d -> d.id).orElse(null));
      update(jobId, job -> {
        job.state = ImportJob.State.SUCCEEDED;
        job.datasetId = datasetId;
        job.rejectsFile = outcome.rejectsFile() == null ? null : outcome.rejectsFile().toString();
        job.format = outcome.format();
        job.recordsRead = outcome.read();
        job.recordsNew = outcome.newRecords();
        job.duplicates = outcome.duplicates();
        job.skipped = outcome.skipped();
        job.rejected = outcome.rejected();
        job.finishedAt = Instant.now();
      });
    } catch (DatasetFormatException e) {
      TempFiles.deleteQuietly(rejects);
      fail(jobId, e.getMessage(), e.line(), e.field());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Import job %d failed", jobId);
      TempFiles.deleteQuietly(rejects);
      fail(jobId, e.getMessage(), null, null);
    } finally {
      TempFiles.deleteQuietly(spooled);
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
    return target(name, user).id();
  }

  /** The dataset an import writes to, and whether this import created it. */
  private record Target(long id, boolean created) {}

  private Target target(String name, String user) {
    checkName(name);
    return QuarkusTransaction.requiringNew().call(() -> Dataset.findByName(name)
        .map(existing -> new Target(existing.id, false))
        .orElseGet(() -> {
          Dataset dataset = new Dataset();
          dataset.name = name;
          dataset.createdBy = user;
          dataset.persist();
          return new Target(dataset.id, true);
        }));
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw ProblemException.invalid("dataset", "dataset must be a name of 1-200 characters");
    }
    if (!StorableText.isStorable(name)) {
      throw ProblemException.invalid("dataset", "dataset " + StorableText.problem(name));
    }
  }

  /**
   * Deletes the dataset a failed import created, unless records or another import reached it
   * meanwhile (a concurrent import of the same new name).
   */
  private void dropIfCreated(Target dataset) {
    if (!dataset.created()) {
      return;
    }
    try {
      QuarkusTransaction.requiringNew().run(() -> Dataset.getEntityManager().createNativeQuery(
              "DELETE FROM dataset d WHERE d.id = ?1"
                  + " AND NOT EXISTS (SELECT 1 FROM dataset_record r WHERE r.dataset_id = d.id)"
                  + " AND NOT EXISTS (SELECT 1 FROM import_job j WHERE j.dataset_id = d.id)")
          .setParameter(1, dataset.id())
          .executeUpdate());
    } catch (RuntimeException e) {
      LOG.warnf("Could not delete dataset %d left by a failed import: %s", dataset.id(), e.getMessage());
    }
  }

  /**
   * The refused records of a skip-invalid import job.
   *
   * @throws ProblemException 404 when the job has none (nothing refused, or past their retention)
   */
  public Path rejects(long jobId) {
    ImportJob job = job(jobId);
    if (job.rejectsFile == null || !Files.isRegularFile(Path.of(job.rejectsFile))) {
      throw ProblemException.notFound("rejects of import job", jobId);
    }
    return Path.of(job.rejectsFile);
  }

  /** Deletes the rejects files whose retention has ended; the jobs and their counts stay. */
  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void purgeExpiredRejects() {
    Instant cutoff = Instant.now().minus(rejectsRetention);
    List<ImportJob> expired = QuarkusTransaction.requiringNew().call(() -> ImportJob.<ImportJob>list(
        "rejectsFile is not null and finishedAt < ?1", cutoff));
    for (ImportJob job : expired) {
      TempFiles.deleteQuietly(Path.of(job.rejectsFile));
      update(job.id, j -> j.rejectsFile = null);
    }
  }

  /** The whole body in a file of the spool directory; a cut-off body leaves no partial file. */
  private Path spool(InputStream body) {
    try {
      return TempFiles.write(spoolDir, "upload-", ".data", body::transferTo);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not receive the upload: " + e.getMessage(), e);
    }
  }
}
