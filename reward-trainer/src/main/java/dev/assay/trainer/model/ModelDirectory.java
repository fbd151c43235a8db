package dev.assay.trainer.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.util.passthrough.PassthroughNDManager;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.platform.digest.Sha256;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The on-disk layout of a model: {@value #PARAMETERS} (DJL's parameter format of the
 * {@link RewardNetwork}) and {@value #MANIFEST} ({@link ModelManifest}). The manifest carries the
 * parameters' SHA-256, so a truncated or overwritten file is reported as such instead of surfacing as
 * an obscure error (or garbage scores) from the parameter reader.
 */
public final class ModelDirectory {
  public static final String MANIFEST = "model.json";
  public static final String PARAMETERS = "model.params";

  private ModelDirectory() {}

  /** Writes the network's parameters and the manifest (with their checksum), replacing both. */
  public static void write(Path directory, Block network, ModelManifest manifest) throws IOException {
    Files.createDirectories(directory);
    writeParameters(network, directory.resolve(PARAMETERS));
    writeManifest(directory, manifest.withParametersSha256(Sha256.hex(directory.resolve(PARAMETERS))));
  }

  /** Saves parameters atomically (temp file, then move), so a kill never leaves half a file. */
  public static void writeParameters(Block network, Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temp);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
      network.saveParameters(data);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Replaces the evaluation report in an existing model directory. */
  public static void writeEvaluation(Path directory, JsonNode report) throws IOException, ModelLoadException {
    writeManifest(directory, readManifest(directory).withEvaluation(report));
  }

  private static void writeManifest(Path directory, ModelManifest manifest) throws IOException {
    Path temp = directory.resolve(MANIFEST + ".tmp");
    ModelJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), manifest);
    Files.move(temp, directory.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads and checks {@value #MANIFEST}. */
  public static ModelManifest readManifest(Path directory) throws ModelLoadException {
    Path file = directory.resolve(MANIFEST);
    ModelManifest manifest;
    try {
      manifest = ModelJson.MAPPER.readValue(file.toFile(), ModelManifest.class);
    } catch (JacksonException e) {
      throw new ModelLoadException(file + " is not a valid model manifest: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e, e);
    }
    if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
      throw new ModelLoadException(
          file + " has format version " + manifest.formatVersion() + "; this build reads version "
              + ModelManifest.FORMAT_VERSION);
    }
    if (manifest.kind() == null || manifest.featurizer() == null || manifest.featureDimension() <= 0) {
      throw new ModelLoadException(file + " lacks kind, featurizer or feature dimension");
    }
    return manifest;
  }

  /**
   * Loads the parameters into {@code network} after checking their checksum against the manifest, as
   * plain Java arrays: for a scorer, which reads them and runs no network, so that loading a model does
   * not start PyTorch (its native libraries are a share of a one-shot {@code eval}'s start-up).
   */
  public static void readParameters(Path directory, ModelManifest manifest, Block network)
      throws ModelLoadException {
    readParameters(directory, manifest, network, PassthroughNDManager.INSTANCE);
  }

  /**
   * Loads the parameters into {@code network}, on {@code manager}'s engine, after checking their checksum: for a
   * network that runs (a fine-tuned encoder).
   */
  public static void readParameters(Path directory, ModelManifest manifest, Block network, NDManager manager)
      throws ModelLoadException {
    Path file = directory.resolve(PARAMETERS);
    try {
      String actual = Sha256.hex(file);
      if (!actual.equals(manifest.parametersSha256())) {
        throw new ModelLoadException(
            file + " is corrupted or does not belong to this model: SHA-256 " + actual + ", manifest says "
                + manifest.parametersSha256());
      }
      readParameters(file, network, manager);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(file + " is missing", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e, e);
    }
  }

  /** Loads parameters without a checksum (checkpoints, written by this process's own kind). */
  public static void readParameters(Path file, Block network, NDManager manager)
      throws IOException, ModelLoadException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
      network.loadParameters(manager, data);
    } catch (MalformedModelException | RuntimeException e) {
      throw new ModelLoadException(file + " does not hold parameters of this network: " + e.getMessage(), e);
    }
  }
}
