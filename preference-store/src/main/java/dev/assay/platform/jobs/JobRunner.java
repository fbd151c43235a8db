package dev.assay.platform.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the background jobs of every module (imports, dataset builds): one lane per kind of job, each
 * running one job at a time in submission order, so a long build never holds up an upload and two
 * imports never compete for the same locks and memory. A job's state lives in its own table; at start
 * the runner asks every {@link JobKind} for the jobs a previous run of the application left queued or
 * running and runs them again, so a restart loses none.
 */
@ApplicationScoped
public class JobRunner {
  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  /** A kind of background job: its lane's name, its unfinished jobs, and how to run one. */
  public interface JobKind {
    String name();

    /** Ids of the jobs left queued or running, oldest first. */
    List<Long> unfinished();

    /** Runs (or, for a job that was running, continues) one job to its end, recording its outcome. */
    void run(long id);
  }

  private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** Queues a job on its kind's lane. */
  public void submit(JobKind kind, long id) {
    lane(kind.name()).submit(() -> {
      if (stopping) {
        return;
      }
      try {
        kind.run(id);
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s job %d failed", kind.name(), id);
      }
    });
  }

  /** Whether the application is shutting down: a long job stops at its next safe point. */
  public boolean stopping() {
    return stopping;
  }

  void resumeUnfinished(@Observes StartupEvent event, Instance<JobKind> kinds,
      @ConfigProperty(name = "assay.roles.background") boolean background) {
    if (!background) {
      return; // a one-shot command: the server resumes them
    }
    for (JobKind kind : kinds) {
      for (long id : kind.unfinished()) {
        LOG.infof("Resuming %s job %d", kind.name(), id);
        submit(kind, id);
      }
    }
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    lanes.values().forEach(ExecutorService::shutdownNow);
  }

  private ExecutorService lane(String kind) {
    return lanes.computeIfAbsent(kind, name -> Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("assay-" + name).daemon().factory()));
  }
}
