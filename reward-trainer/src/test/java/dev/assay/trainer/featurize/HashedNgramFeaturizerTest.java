package dev.assay.trainer.featurize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.store.record.Message;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashedNgramFeaturizerTest {
  private final HashedNgramFeaturizer featurizer = new HashedNgramFeaturizer(1 << 10, 1 << 8, true);
  private final List<Message> prompt = List.of(Message.user("How do I boil an egg?"));

  @Test
  void responseAndPromptSpacesAreEachUnitLength() {
    float[][] rows = featurizer.featurize(prompt, List.of("Boil it for nine minutes!", "No."));

    assertThat(rows).hasNumberOfRows(2);
    for (float[] row : rows) {
      assertThat(row).hasSize(featurizer.dimension());
      assertThat(norm(Arrays.copyOfRange(row, 0, 1 << 10))).isCloseTo(1.0, within(1e-5));
      assertThat(norm(Arrays.copyOfRange(row, 1 << 10, row.length))).isCloseTo(1.0, within(1e-5));
    }
    assertThat(Arrays.copyOfRange(rows[0], 1 << 10, rows[0].length))
        .isEqualTo(Arrays.copyOfRange(rows[1], 1 << 10, rows[1].length));
  }

  @Test
  void sameTextGivesSameFeaturesAndOtherTextsDiffer() {
    float[][] rows = featurizer.featurize(prompt, List.of("Sure, happy to help.", "Sure, happy to help.", "Go away."));

    assertThat(rows[0]).isEqualTo(rows[1]);
    assertThat(dot(rows[0], rows[2], 1 << 10)).isLessThan(0.5);
  }

  @Test
  void wordOrderMattersThroughBigrams() {
    float[][] rows = featurizer.featurize(prompt, List.of("dog bites man", "man bites dog"));

    assertThat(rows[0]).isNotEqualTo(rows[1]);
  }

  @Test
  void specRebuildsAnEquivalentFeaturizer() {
    Featurizer rebuilt = Featurizers.create(featurizer.spec(), FeaturizerOptions.inMemory());

    assertThat(rebuilt.spec()).isEqualTo(featurizer.spec());
    assertThat(rebuilt.featurize(prompt, List.of("Fine."))).isDeepEqualTo(featurizer.featurize(prompt, List.of("Fine.")));
    assertThat(Featurizers.create("hashed", FeaturizerOptions.inMemory()).spec())
        .isEqualTo("hashed:response=16384,prompt=4096,char3=true");
  }

  @Test
  void malformedSpecsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> Featurizers.create("hashed:response=1000", FeaturizerOptions.inMemory()))
        .hasMessageContaining("powers of two");
    assertThatThrownBy(() -> Featurizers.create("hashed:buckets=1024", FeaturizerOptions.inMemory()))
        .hasMessageContaining("hashed takes only");
    assertThatThrownBy(() -> Featurizers.create("word2vec", FeaturizerOptions.inMemory()))
        .hasMessageContaining("unknown sentence encoder 'word2vec'");
  }

  private static double norm(float[] vector) {
    return Math.sqrt(dot(vector, vector, vector.length));
  }

  private static double dot(float[] a, float[] b, int length) {
    double sum = 0;
    for (int i = 0; i < length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
