package dev.assay.trainer.featurize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.store.record.Message;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  @Test
  void featuresMatchTheTextbookStringBasedHashing() {
    List<String> responses = List.of("", "a", "No. No, no, NO!", "Don't do it: it's dangerous (really) 100%?",
        "Ünïcödé Straße İstanbul ΣΟΦΙΑ 東京 naïve café", "ok ok ok ok ok ok ok ok ok ok ab ab abc");
    float[][] rows = featurizer.featurize(prompt, responses);
    for (int i = 0; i < responses.size(); i++) {
      float[] expected = new float[featurizer.dimension()];
      reference(responses.get(i), 1 << 10).forEach((bucket, value) -> expected[bucket] = value);
      reference("How do I boil an egg?", 1 << 8).forEach((bucket, value) -> expected[(1 << 10) + bucket] = value);
      assertThat(rows[i]).as(responses.get(i)).containsExactly(expected, within(1e-6f));
    }
  }

  /** The featurizer's definition written the plain way: token strings, n-gram strings, maps. */
  private static Map<Integer, Float> reference(String text, int buckets) {
    Map<Long, Integer> counts = new HashMap<>();
    Matcher tokens = Pattern.compile("\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]").matcher(text.toLowerCase(Locale.ROOT));
    String previous = null;
    while (tokens.find()) {
      String token = tokens.group();
      counts.merge(hash(token, 0x9E3779B97F4A7C15L), 1, Integer::sum);
      if (previous != null) {
        counts.merge(hash(previous + ' ' + token, 0xC2B2AE3D27D4EB4FL), 1, Integer::sum);
      }
      if (token.length() > 1) {
        String padded = '<' + token + '>';
        for (int i = 0; i + 3 <= padded.length(); i++) {
          counts.merge(hash(padded.substring(i, i + 3), 0x165667B19E3779F9L), 1, Integer::sum);
        }
      }
      previous = token;
    }
    Map<Integer, Float> vector = new HashMap<>();
    counts.forEach((h, tf) -> vector.merge((int) (h >>> 1) & (buckets - 1), (float) ((h < 0 ? -1 : 1) * (1 + Math.log(tf))), Float::sum));
    double norm = Math.sqrt(vector.values().stream().mapToDouble(v -> v * v).sum());
    vector.replaceAll((bucket, v) -> (float) (v / norm));
    return vector;
  }

  private static long hash(String gram, long namespace) {
    long h = 0xCBF29CE484222325L ^ namespace;
    for (char c : gram.toCharArray()) {
      h = (h ^ c) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
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
