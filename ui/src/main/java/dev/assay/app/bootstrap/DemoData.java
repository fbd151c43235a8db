package dev.assay.app.bootstrap;

import dev.assay.store.dataset.ImportOutcome;
import dev.assay.store.dataset.ImportService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The demo: a small set of comparisons written for Assay, and optionally a directory of real files. */
@ApplicationScoped
public class DemoData {
  private static final Logger LOG = Logger.getLogger(DemoData.class);
  static final String DEMO_DATASET = "demo";
  private static final String BUILT_IN = "/demo/demo-pairs.jsonl";

  private final ImportService imports;

  public DemoData(ImportService imports) {
    this.imports = imports;
  }

  public void loadBuiltIn() {
    try (InputStream in = DemoData.class.getResourceAsStream(BUILT_IN)) {
      Path file = Files.createTempFile("assay-demo-", ".jsonl");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      ImportOutcome outcome = imports.importFile(file, DEMO_DATASET, null, null, "bootstrap", read -> {});
      Files.deleteIfExists(file);
      LOG.infof("Demo dataset loaded: %s", outcome.summary());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Imports every preference file in a directory (one dataset per file); already loaded files add nothing. */
  public void loadDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--demo-data " + directory + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> dataFiles = files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.jsonl?(\\.gz)?$"))
          .sorted()
          .toList();
      for (Path file : dataFiles) {
        String name = file.getFileName().toString().replaceAll("\\.(jsonl?|json|gz)", "");
        ImportOutcome outcome = imports.importFile(file, name, null, null, "bootstrap", read -> {});
        LOG.infof("Demo data %s: %s", name, outcome.summary());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
