package dev.assay.labeling.handout.api;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that run the hot hand-out calls (take a task, submit a judgement): as many as the
 * database pool has connections, taking requests in arrival order.
 *
 * <p>On Quarkus's shared worker pool, 256 raters meant up to 200 threads queueing for 6 connections
 * in no particular order: in the hand-out benchmark's closed loop the rate fell to 0.35x of the same SQL
 * in pgbench (0.52x at 16 raters) and the p99 to a second, requests overtaken again and again.
 */
@ApplicationScoped
public class HandoutThreads {
  private final ExecutorService executor;

  public HandoutThreads(@ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int connections) {
    this.executor = Executors.newFixedThreadPool(connections, Thread.ofPlatform().name("handout-", 0).daemon().factory());
  }

  ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }
}
