package dev.assay.labeling.support;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The labeling service's time source. Every lease, expiry and judgement time comes from this bean and
 * is passed to SQL as a parameter (never {@code now()}), so tests can replace it with a clock they
 * advance to expire leases.
 */
public class ClockProducer {
  @Produces
  @Singleton
  @DefaultBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
