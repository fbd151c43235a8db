package dev.assay.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The application's time source. Every lease, expiry, judgement and monitoring window time comes from
 * this bean and is passed to SQL as a parameter (never {@code now()}), so tests can replace it with a
 * clock they advance to expire leases or close windows.
 */
public class ClockProducer {
  @Produces
  @Singleton
  @DefaultBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
