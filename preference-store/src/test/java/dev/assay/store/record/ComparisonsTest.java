package dev.assay.store.record;

import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.query;
import static dev.assay.store.StoreTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.dataset.ImportService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comparisons ensured for other modules are the ones the import stores: one hash rule. */
@QuarkusTest
class ComparisonsTest {
  @Inject
  ImportService imports;

  @Inject
  Comparisons comparisons;

  private record Stored(long id, String contentHash, ComparisonPair pair) {}

  @Test
  void ensuringImportedPairsFindsTheImportedComparisonsAndAddsNothing() {
    String tag = unique("pairs");
    String dataset = importPairs(tag);
    List<Stored> stored = storedComparisons(dataset);
    assertThat(stored).hasSize(2);
    stored.forEach(s -> assertThat(s.pair().contentHash()).as("import and ensure agree").isEqualTo(s.contentHash()));

    Comparisons.Ensured ensured =
        QuarkusTransaction.requiringNew().call(() -> comparisons.ensure(stored.stream().map(Stored::pair).toList()));

    assertThat(ensured.created()).isZero();
    assertThat(ensured.ids()).containsExactlyElementsOf(stored.stream().map(Stored::id).toList());
  }

  @Test
  void theSamePairsGetTheSameIdsAndAreCreatedOnce() {
    ComparisonPair imported = storedComparisons(importPairs(unique("swap"))).get(0).pair();
    // Same texts, sides swapped: a comparison the import did not make.
    ComparisonPair swapped = new ComparisonPair(imported.promptHash(), imported.responseBHash(),
        imported.generatorB(), imported.responseAHash(), imported.generatorA());

    Comparisons.Ensured first = QuarkusTransaction.requiringNew().call(() -> comparisons.ensure(List.of(swapped)));
    Comparisons.Ensured again =
        QuarkusTransaction.requiringNew().call(() -> comparisons.ensure(List.of(swapped, swapped)));

    assertThat(first.created()).isOne();
    assertThat(again.created()).isZero();
    assertThat(again.ids()).containsExactly(first.ids().get(0), first.ids().get(0));
    assertThat(QuarkusTransaction.requiringNew().call(() -> comparisons.exists(first.ids().get(0)))).isTrue();
  }

  private String importPairs(String tag) {
    String dataset = unique("comparisons");
    imports.importFile(jsonl(tag + ".jsonl",
            "{\"prompt\": \"q1 " + tag + "\", \"chosen\": \"good " + tag + "\", \"rejected\": \"bad " + tag + "\"}",
            "{\"prompt\": \"q2 " + tag + "\", \"chosen\": \"fine " + tag + "\", \"rejected\": \"poor " + tag + "\"}"),
        dataset, null, null, "test", read -> {});
    return dataset;
  }

  private static List<Stored> storedComparisons(String dataset) {
    return query("SELECT c.id, c.content_hash, c.prompt_hash, c.response_a_hash, c.generator_a, c.response_b_hash,"
            + " c.generator_b FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
            + " JOIN comparison c ON c.id = r.comparison_id WHERE d.name = ? ORDER BY r.id", dataset)
        .stream()
        .map(row -> new Stored(((Number) row.get(0)).longValue(), trim(row.get(1)),
            new ComparisonPair(trim(row.get(2)), trim(row.get(3)), (String) row.get(4), trim(row.get(5)),
                (String) row.get(6))))
        .toList();
  }

  private static String trim(Object value) {
    return ((String) value).trim();
  }
}
