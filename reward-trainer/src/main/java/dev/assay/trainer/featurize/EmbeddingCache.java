package dev.assay.trainer.featurize;

import dev.assay.store.text.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sentence embeddings keyed by SHA-256 of (encoder name, text), kept in memory and, when a directory
 * is given, in an append-only file {@code <dir>/<encoder>.bin} so that they survive restarts: encoding
 * is the slow part of training on sentence features (~100 texts/s), and the same texts come back in
 * every epoch, fold and retraining.
 *
 * <p>File layout: a header (magic, version, dimension) then fixed-size records (32-byte key, then
 * {@code dimension} floats). Opening reads every complete record; a torn last record (a process
 * killed mid-write) is cut off. Appends take an exclusive file lock and go straight to the channel,
 * so nothing is lost without {@link #close}. Only the file of the encoder asked for is read.
 *
 * <p>Thread-safe. {@link #open} returns one instance per file per JVM, so two featurizers never
 * append to the same file through different channels. The memory index of a file-backed cache is not
 * bounded (the file is the record); an in-memory one may be.
 */
public final class EmbeddingCache implements AutoCloseable {
  private static final int MAGIC = 0x41534543; // "ASEC"
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = 12;
  private static final int KEY_BYTES = 32;
  private static final Map<Path, EmbeddingCache> OPEN = new ConcurrentHashMap<>();
  private static final Map<String, EmbeddingCache> SHARED = new ConcurrentHashMap<>();

  private final String encoderName;
  private final int dimension;
  private final FileChannel file;
  private final Map<String, float[]> vectors;

  private EmbeddingCache(String encoderName, int dimension, FileChannel file, int maxEntries) {
    this.encoderName = encoderName;
    this.dimension = dimension;
    this.file = file;
    this.vectors = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return maxEntries > 0 && size() > maxEntries;
      }
    };
  }

  /** A cache that lives only as long as this instance, without a size limit. */
  public static EmbeddingCache inMemory(String encoderName, int dimension) {
    return inMemory(encoderName, dimension, 0);
  }

  /** A cache that lives only as long as this instance and keeps the {@code maxEntries} (0: all) most recently used. */
  public static EmbeddingCache inMemory(String encoderName, int dimension, int maxEntries) {
    return new EmbeddingCache(encoderName, dimension, null, maxEntries);
  }

  /**
   * The in-memory cache of one encoder shared within the JVM, keeping the {@code maxEntries} most
   * recently used (the first caller's limit holds).
   */
  public static EmbeddingCache shared(String encoderName, int dimension, int maxEntries) {
    EmbeddingCache cache = SHARED.computeIfAbsent(encoderName, name -> inMemory(name, dimension, maxEntries));
    if (cache.dimension != dimension) {
      throw new IllegalStateException("the shared " + encoderName + " cache holds " + cache.dimension
          + "-dim vectors, not " + dimension);
    }
    return cache;
  }

  /** The persistent cache of one encoder under {@code directory}, shared within the JVM. */
  public static EmbeddingCache open(Path directory, String encoderName, int dimension) {
    Path path = directory.resolve(encoderName + ".bin").toAbsolutePath().normalize();
    EmbeddingCache cache = OPEN.computeIfAbsent(path, p -> load(p, encoderName, dimension));
    if (cache.dimension != dimension) {
      throw new IllegalStateException(path + " holds " + cache.dimension + "-dim vectors, not " + dimension);
    }
    return cache;
  }

  /** Reads the file afresh, bypassing the per-JVM instance (tests of persistence use it). */
  static EmbeddingCache load(Path path, String encoderName, int dimension) {
    try {
      Files.createDirectories(path.getParent());
      FileChannel channel =
          FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      EmbeddingCache cache = new EmbeddingCache(encoderName, dimension, channel, 0);
      try (FileLock lock = channel.lock()) {
        cache.readAll(path);
      }
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open embedding cache " + path, e);
    }
  }

  private void readAll(Path path) throws IOException {
    long size = file.size();
    if (size < HEADER_BYTES) {
      file.truncate(0);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putInt(dimension);
      file.write(header.flip(), 0);
      return;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    file.read(header, 0);
    header.flip();
    if (header.getInt() != MAGIC || header.getInt() != VERSION || header.getInt() != dimension) {
      throw new IOException(path + " is not a version " + VERSION + " cache of " + dimension + "-dim vectors");
    }
    int recordBytes = KEY_BYTES + 4 * dimension;
    long complete = (size - HEADER_BYTES) / recordBytes;
    ByteBuffer record = ByteBuffer.allocate(recordBytes);
    byte[] key = new byte[KEY_BYTES];
    for (long i = 0; i < complete; i++) {
      record.clear();
      file.read(record, HEADER_BYTES + i * recordBytes);
      record.flip().get(key);
      float[] vector = new float[dimension];
      record.asFloatBuffer().get(vector);
      vectors.put(HexFormat.of().formatHex(key), vector);
    }
    file.truncate(HEADER_BYTES + complete * recordBytes);
  }

  /** The cached vector of {@code text}, or null. */
  public synchronized float[] get(String text) {
    return vectors.get(key(text));
  }

  /** Stores the vectors of texts not stored yet (and appends them to the file). */
  public synchronized void putAll(List<String> texts, float[][] embeddings) {
    ByteBuffer appended = ByteBuffer.allocate(texts.size() * (KEY_BYTES + 4 * dimension));
    for (int i = 0; i < texts.size(); i++) {
      String key = key(texts.get(i));
      if (embeddings[i].length != dimension) {
        throw new IllegalArgumentException("expected " + dimension + " floats, got " + embeddings[i].length);
      }
      if (vectors.putIfAbsent(key, embeddings[i].clone()) == null) {
        appended.put(HexFormat.of().parseHex(key));
        appended.asFloatBuffer().put(embeddings[i]);
        appended.position(appended.position() + 4 * dimension);
      }
    }
    if (file != null && appended.position() > 0) {
      append(appended.flip());
    }
  }

  private void append(ByteBuffer records) {
    try (FileLock lock = file.lock()) {
      long position = file.size();
      while (records.hasRemaining()) {
        position += file.write(records, position);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the " + encoderName + " embedding cache", e);
    }
  }

  public synchronized int size() {
    return vectors.size();
  }

  private String key(String text) {
    return ContentHash.ofParts(encoderName, text);
  }

  /**
   * Closes an in-memory cache (nothing to do); a file-backed one stays open for the JVM's other users
   * and is released at exit, since every append already reached the file.
   */
  @Override
  public void close() {}
}
