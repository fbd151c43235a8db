package dev.assay.store.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.text.ContentHash;
import org.junit.jupiter.api.Test;

class SeenHashesTest {
  @Test
  void remembersEachHashOnceAcrossGrowthAndStopsRememberingWhenFull() {
    ImportStage.SeenHashes seen = new ImportStage.SeenHashes(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ContentHash.of("text " + i))).as("first time %d", i).isTrue();
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ContentHash.of("text " + i))).as("repeat %d", i).isFalse();
    }
    // Full: new hashes are reported as new every time (their bodies are staged again), never lost.
    assertThat(seen.add(ContentHash.of("one more"))).isTrue();
    assertThat(seen.add(ContentHash.of("one more"))).isTrue();
  }
}
