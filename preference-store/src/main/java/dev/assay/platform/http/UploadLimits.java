package dev.assay.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The body limits of the upload routes, one setting each: the {@link RequestGate} holds REST uploads to them,
 * and the UI's upload targets, which stream under Quarkus's global limit, count their bytes against the same.
 */
@ApplicationScoped
public class UploadLimits {
  /** At most {@code maxBytes}, set by {@code setting} (named in a refusal, so the reader knows what to raise). */
  public record Limit(long maxBytes, String setting) {}

  private final Limit datasetImport;
  private final Limit classifierArchive;
  private final Limit suite;

  public UploadLimits(
      @ConfigProperty(name = "assay.http.max-import-upload-size", defaultValue = "4G") MemorySize maxImportUploadSize,
      @ConfigProperty(name = "assay.http.max-model-upload-size", defaultValue = "1G") MemorySize maxModelUploadSize,
      @ConfigProperty(name = "assay.http.max-suite-upload-size", defaultValue = "64M") MemorySize maxSuiteUploadSize) {
    datasetImport = new Limit(maxImportUploadSize.asLongValue(), "assay.http.max-import-upload-size");
    classifierArchive = new Limit(maxModelUploadSize.asLongValue(), "assay.http.max-model-upload-size");
    suite = new Limit(maxSuiteUploadSize.asLongValue(), "assay.http.max-suite-upload-size");
  }

  /** A dataset file to import. */
  public Limit datasetImport() {
    return datasetImport;
  }

  /** A classifier's model archive. */
  public Limit classifierArchive() {
    return classifierArchive;
  }

  /** A suite file, or the source files a suite is built from. */
  public Limit suite() {
    return suite;
  }
}
