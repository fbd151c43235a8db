package dev.assay.guardrail.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.suite.build.BuildInput;
import dev.assay.guardrail.suite.build.SuiteBuilders;
import dev.assay.platform.io.LimitedInputStream;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The rules of suites over REST: a suite file or builder input is read within the size limit and refused
 * naming the line (422) when malformed; what is accepted is saved by {@link SuiteStore}.
 */
@ApplicationScoped
public class SuiteService {
  private final SuiteStore store;
  private final ObjectMapper json;
  private final long maxTextBytes;

  /** An uploaded file of a build: where it is and the name it was sent under. */
  public record Upload(Path file, String fileName) {}

  public SuiteService(SuiteStore store, ObjectMapper json, GuardrailSettings settings) {
    this.store = store;
    this.json = json;
    this.maxTextBytes = settings.maxSuiteTextSize().asLongValue();
  }

  /**
   * Saves a suite file (JSON lines, gzipped or not) as the next version of the name in its header.
   *
   * @throws ProblemException 422 naming the line of a malformed file, 413 over the text limit
   */
  public StoredSuite upload(InputStream body, String user) {
    Suite suite;
    try {
      suite = SuiteFiles.read(bounded(body));
    } catch (SuiteFiles.SuiteFileException e) {
      throw new ProblemException(422, "Invalid Suite File", e.getMessage(), "file", e.line());
    } catch (ZipException | EOFException e) {
      throw ProblemException.invalid("file", "not a readable gzip stream: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded suite", e);
    }
    return store.save(suite, user);
  }

  /**
   * Builds a suite from uploaded source files and saves it.
   *
   * @param kind a buildable kind's wire name
   * @param data the kind's source file; may be null for counterfactual (the built-in templates)
   * @throws ProblemException 422 naming the part (and the file's line) of bad input, 413 over the text limit
   */
  public StoredSuite build(String kind, String name, Upload data, Upload questions, Integer sample, String user) {
    if (kind == null || kind.isBlank()) {
      throw ProblemException.invalid("kind", "kind is required: one of " + SuiteBuilders.kinds());
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("suite-build");
      Path dataFile = copy(data, work, "data");
      Path questionsFile = copy(questions, work, "questions");
      Suite suite;
      try {
        suite = SuiteBuilders.build(kind, new BuildInput(name == null || name.isBlank() ? kind : name, dataFile,
            questionsFile, sample));
      } catch (IllegalArgumentException e) {
        // name the files as they were uploaded, not where this server keeps them
        String message = e.getMessage().replace(work + "/data/", "").replace(work + "/questions/", "");
        String field = message.startsWith("unknown suite kind") || message.startsWith("suites of kind") ? "kind"
            : questionsFile != null && message.startsWith(questionsFile.getFileName().toString()) ? "questions"
            : message.contains("--sample") ? "sample" : message.contains("--questions") ? "questions" : "data";
        throw ProblemException.invalid(field, message);
      }
      return store.save(suite, user);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded files", e);
    } finally {
      deleteQuietly(work);
    }
  }

  /**
   * Saves the next version of a suite with one probe added (a new name makes a {@code custom} suite).
   *
   * @throws ProblemException 422 naming what is wrong with the probe, 409 when its key is taken
   */
  public StoredSuite append(String name, String probeJson, String user) {
    JsonNode node;
    try {
      node = json.readTree(probeJson == null ? "" : probeJson);
    } catch (JsonProcessingException e) {
      throw ProblemException.invalid("probe", "the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw ProblemException.invalid("probe", "send one probe as a JSON object");
    }
    Probe probe;
    try {
      probe = SuiteFiles.fromJson(node, 1);
    } catch (SuiteFiles.SuiteFileException e) {
      throw ProblemException.invalid("probe", e.getMessage().replaceFirst("^line 1: ", ""));
    }
    return store.appendProbe(name, probe, user);
  }

  /** A saved version by name and number. */
  public StoredSuite version(String name, int version) {
    return store.get(name, version).orElseThrow(() -> ProblemException.notFound("suite", name + " version " + version));
  }

  /** Every version of a suite, newest first. */
  public List<StoredSuite> versions(String name) {
    List<StoredSuite> versions = store.versions(name);
    if (versions.isEmpty()) {
      throw ProblemException.notFound("suite", name);
    }
    return versions;
  }

  public StoredSuite latest(String name) {
    return store.latest(name).orElseThrow(() -> ProblemException.notFound("suite", name));
  }

  /** Writes a saved version as a suite file. */
  public void write(StoredSuite stored, OutputStream out) throws IOException {
    SuiteFiles.write(store.probes(stored.id()), out);
  }

  /** The body, gunzipped when it is gzip, refused with 413 past the text limit. */
  private InputStream bounded(InputStream body) throws IOException {
    BufferedInputStream in = new BufferedInputStream(body);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return new LimitedInputStream(gzip ? new GZIPInputStream(in) : in, maxTextBytes, () -> new ProblemException(413,
        "Content Too Large", "the suite text is over " + maxTextBytes + " bytes (assay.guardrail.max-suite-text-size)",
        null, null));
  }

  /** Copies an upload under its own file name (so messages and the suite's source name it), within the limit. */
  private Path copy(Upload upload, Path work, String part) throws IOException {
    if (upload == null) {
      return null;
    }
    String fileName = upload.fileName() == null || upload.fileName().isBlank() ? part
        : Path.of(upload.fileName().replace('\\', '/')).getFileName().toString();
    Path target = Files.createDirectories(work.resolve(part)).resolve(fileName);
    Files.copy(upload.file(), target);
    try (InputStream text = bounded(Files.newInputStream(target))) {
      text.transferTo(OutputStream.nullOutputStream());
    } catch (ProblemException e) {
      throw new ProblemException(413, "Content Too Large", part + ": " + e.getMessage(), part, null);
    } catch (ZipException | EOFException e) {
      throw ProblemException.invalid(part, part + " is not a readable gzip file: " + e.getMessage());
    }
    return target;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
