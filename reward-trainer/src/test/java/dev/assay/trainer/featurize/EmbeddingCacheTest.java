package dev.assay.trainer.featurize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

  @Test
  void aBoundedCacheKeepsTheMostRecentlyUsedEmbeddings() {
    EmbeddingCache cache = EmbeddingCache.inMemory("minilm", 2, 2);
    cache.putAll(List.of("first", "second"), new float[][] {{1, 1}, {2, 2}});
    assertThat(cache.get("first")).containsExactly(1, 1); // now the most recently used

    cache.putAll(List.of("third"), new float[][] {{3, 3}});

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("second")).isNull();
    assertThat(cache.get("first")).containsExactly(1, 1);
    assertThat(cache.get("third")).containsExactly(3, 3);
  }

  @Test
  void anUnboundedCacheKeepsEverything() {
    EmbeddingCache cache = EmbeddingCache.inMemory("minilm", 1);
    for (int i = 0; i < 1_000; i++) {
      cache.putAll(List.of("text " + i), new float[][] {{i}});
    }
    assertThat(cache.size()).isEqualTo(1_000);
    assertThat(cache.get("text 0")).containsExactly(0);
  }
}
