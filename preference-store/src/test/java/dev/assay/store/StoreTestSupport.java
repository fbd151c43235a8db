package dev.assay.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.testing.RepositoryFiles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Helpers for the store's database tests: shared data, temporary files, row counts. */
public final class StoreTestSupport {
  /** The tables an import writes records to (the dataset row itself is created before the import). */
  public static final List<String> RECORD_TABLES =
      List.of("text_blob", "prompt", "comparison", "candidate", "preference", "dataset_record");

  private StoreTestSupport() {}

  /** A name no other test uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The shared real-data directory: system property {@code assay.shared-data} (set by surefire), else
   * {@code ../shared/data} beside the repository. Skips the calling test, saying why, when absent.
   */
  public static Path sharedData() {
    Path dir = RepositoryFiles.sharedData();
    assumeTrue(Files.isDirectory(dir), "skipped: the shared data directory " + dir
        + " is absent (set -Dassay.shared-data=DIR to run the real-data tests)");
    return dir;
  }

  /** Every shared data file, relative to {@link #sharedData()}; empty (test skipped) when absent. */
  public static Stream<String> sharedFiles() {
    Path dir = RepositoryFiles.sharedData();
    if (!Files.isDirectory(dir)) {
      return Stream.of("(shared data absent)");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.jsonl?(\\.gz)?"))
          .map(f -> dir.relativize(f).toString())
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared file, or a skipped test when the shared data is absent. */
  public static Path sharedFile(String relative) {
    Path dir = sharedData();
    return dir.resolve(relative);
  }

  /** Writes {@code lines} (each one line, {@code \n}-terminated) to a new temporary file. */
  public static Path jsonl(String name, String... lines) {
    return jsonl(name, List.of(lines));
  }

  public static Path jsonl(String name, List<String> lines) {
    try {
      Path dir = Files.createTempDirectory("assay-store-test");
      Path file = dir.resolve(name);
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Row counts of {@link #RECORD_TABLES}. */
  public static Map<String, Long> recordTableCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : RECORD_TABLES) {
      counts.put(table, queryLong("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  public static long queryLong(String sql, Object... parameters) {
    List<List<Object>> rows = query(sql, parameters);
    return ((Number) rows.get(0).get(0)).longValue();
  }

  /** Runs a query outside any transaction; each row as a list of column values. */
  public static List<List<Object>> query(String sql, Object... parameters) {
    AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<Object> row = new ArrayList<>(columns);
          for (int c = 1; c <= columns; c++) {
            row.add(result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs an update outside any transaction. */
  public static void execute(String sql, Object... parameters) {
    AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The dataset's record hashes in import order: what "the same records" means for a dataset. */
  public static List<String> recordHashes(String dataset) {
    return query("SELECT r.record_hash FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
        + " WHERE d.name = ? ORDER BY r.id", dataset).stream().map(row -> ((String) row.get(0)).trim()).toList();
  }

  public static long datasetRecordCount(String dataset) {
    return queryLong("SELECT count(*) FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id WHERE d.name = ?",
        dataset);
  }
}
