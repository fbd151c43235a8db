package dev.assay.store.snapshot;

import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.queryLong;
import static dev.assay.store.StoreTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.store.dataset.ImportService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database itself refuses to change a snapshot, whoever writes: no API is needed to keep it frozen. */
@QuarkusTest
class SnapshotImmutabilityTest {
  @Inject ImportService imports;
  @Inject SnapshotService snapshots;
  @Inject AgroalDataSource dataSource;

  @Test
  void aSnapshotAndItsRecordsCannotBeChangedRemovedOrAddedTo() throws SQLException {
    String dataset = unique("frozen");
    imports.importFile(jsonl(dataset + ".jsonl", List.of(
            "{\"prompt\": \"p1\", \"chosen\": \"good\", \"rejected\": \"bad\"}",
            "{\"prompt\": \"p2\", \"chosen\": \"good\", \"rejected\": \"bad\"}")),
        dataset, null, null, "test", read -> {});
    long id = snapshots.create("frozen", SnapshotFilter.ofDatasets(List.of(dataset)), "test").id();
    String hash = snapshots.get(id).contentHash();

    assertRefused("UPDATE snapshot SET name = 'renamed' WHERE id = " + id);
    assertRefused("UPDATE snapshot SET content_hash = repeat('0', 64) WHERE id = " + id);
    assertRefused("DELETE FROM snapshot WHERE id = " + id);
    assertRefused("UPDATE snapshot_record SET split = 'test' WHERE snapshot_id = " + id);
    assertRefused("DELETE FROM snapshot_record WHERE snapshot_id = " + id);
    // the trigger runs before the key check, so a record already there shows it as well as a new one
    assertRefused("INSERT INTO snapshot_record (snapshot_id, preference_id, split)"
        + " SELECT snapshot_id, preference_id, 'train' FROM snapshot_record WHERE snapshot_id = " + id + " LIMIT 1");
    assertRefused("TRUNCATE snapshot_record");

    assertThat(snapshots.get(id).contentHash()).isEqualTo(hash);
    assertThat(queryLong("SELECT count(*) FROM snapshot_record WHERE snapshot_id = ?", id)).isEqualTo(2);
  }

  private void assertRefused(String sql) {
    assertThatThrownBy(() -> {
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining("immutable");
  }
}
