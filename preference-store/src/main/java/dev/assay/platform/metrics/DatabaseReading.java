package dev.assay.platform.metrics;

/**
 * Gauges whose values come from the database (e.g. the outbox's lag, training runs by state). An
 * implementation registers its gauges when built and refreshes their values in {@link #read()}, which
 * {@link DatabaseReadings} calls on its own thread: a scrape reads the last values and never waits on a
 * query, and the database sees one query per reading and interval however often it is scraped.
 */
public interface DatabaseReading {
  /** Reads the values from the database, in a transaction of its own. */
  void read();
}
