package dev.assay.store.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonPairTest {
  private static final ComparisonPair PAIR = new ComparisonPair("prompt-hash", "a-hash", "gen-a", "b-hash", null);

  @Test
  void theHashIsPinnedBecauseStoredComparisonsAreFoundByIt() {
    // sha256 of "comparison", prompt, A, generator A, B, generator B, each followed by U+0001 (null as
    // U+0000 "null"): changing the rule would make every stored comparison a stranger to new imports.
    assertThat(PAIR.contentHash()).isEqualTo("b6fc5e38ef9a522bc114b851001bb8d965d3d9d7a648c7ad840571a55f66f0dd");
    assertThat(ComparisonPair.contentHash("prompt-hash", "a-hash", "gen-a", "b-hash", null))
        .isEqualTo(PAIR.contentHash());
  }

  @Test
  void sidesAndGeneratorsArePartOfTheIdentity() {
    assertThat(new ComparisonPair("prompt-hash", "b-hash", null, "a-hash", "gen-a").contentHash())
        .isNotEqualTo(PAIR.contentHash());
    assertThat(new ComparisonPair("prompt-hash", "a-hash", "gen-a", "b-hash", "gen-b").contentHash())
        .isNotEqualTo(PAIR.contentHash());
    assertThat(new ComparisonPair("prompt-hash", "a-hash", "gen-a", "b-hash", "null").contentHash())
        .isNotEqualTo(PAIR.contentHash());
  }
}
