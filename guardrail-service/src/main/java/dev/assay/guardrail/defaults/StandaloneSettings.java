package dev.assay.guardrail.defaults;

import dev.assay.guardrail.GuardrailSettings;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The settings an engine outside the application needs: only the check budget matters there, the
 * audit and request limits are the application's defaults and unused.
 */
record StandaloneSettings(Duration checkTimeout) implements GuardrailSettings {
  @Override
  public Audit audit() {
    throw new UnsupportedOperationException("an engine outside the application writes no audit log");
  }

  @Override
  public Duration policyCacheTtl() {
    return Duration.ofSeconds(2);
  }

  @Override
  public MemorySize maxCheckBodySize() {
    return new MemorySize(BigInteger.valueOf(256 * 1024));
  }

  @Override
  public MemorySize maxSuiteTextSize() {
    return new MemorySize(BigInteger.valueOf(512L * 1024 * 1024));
  }
}
