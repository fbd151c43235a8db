package dev.assay.trainer.featurize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.record.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedFeaturizerTest {
  @Test
  void sparseRowsAreTheNonZerosOfTheDenseRowsAtEachPartsOffset() {
    try (Featurizer combined = new CombinedFeaturizer(List.of(
        new HashedNgramFeaturizer(1 << 8, 1 << 6, false), new HashedNgramFeaturizer(1 << 9, 0, true)))) {
      List<Message> prompt = List.of(Message.user("Is it safe to eat raw eggs?"));
      List<String> responses = List.of("Mostly, if they are pasteurised.", "No.");

      float[][] dense = combined.featurize(prompt, responses);
      SparseRow[] sparse = combined.featurizeSparse(prompt, responses);

      assertThat(dense[0]).hasSize(256 + 64 + 512);
      for (int i = 0; i < dense.length; i++) {
        SparseRow expected = SparseRow.of(dense[i]);
        assertThat(sparse[i].indices()).containsExactly(expected.indices());
        assertThat(sparse[i].values()).containsExactly(expected.values());
      }
      assertThat(sparse[1].indices()[sparse[1].indices().length - 1]).isGreaterThanOrEqualTo(256 + 64); // the second part
    }
  }
}
