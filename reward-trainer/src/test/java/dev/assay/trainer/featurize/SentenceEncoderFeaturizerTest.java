package dev.assay.trainer.featurize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.store.record.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real MiniLM ONNX model (from the classpath, ~1 s to load). */
class SentenceEncoderFeaturizerTest {
  private static final List<Message> PROMPT = List.of(Message.user("How do I boil an egg?"));
  private static final List<String> RESPONSES =
      List.of("Put the egg in boiling water for nine minutes.", "Simmer eggs for about nine minutes.",
          "The stock market fell sharply today.");

  @Test
  void miniLmGivesNormalisedSemanticEmbeddings() {
    try (SentenceEncoder encoder = SentenceEncoder.open(EncoderKind.MINILM)) {
      float[][] vectors = encoder.encode(RESPONSES);

      assertThat(vectors).hasNumberOfRows(3);
      for (float[] vector : vectors) {
        assertThat(vector).hasSize(384);
        assertThat(dot(vector, vector)).isCloseTo(1.0, within(1e-4));
      }
      assertThat(dot(vectors[0], vectors[1])).isGreaterThan(dot(vectors[0], vectors[2]) + 0.3);
    }
  }

  @Test
  void longTextsKeepTheirEndAndBatchOrderDoesNotChangeResults() {
    String longText = "filler words ".repeat(400) + "the answer is to boil it";
    try (SentenceEncoder encoder = SentenceEncoder.open(EncoderKind.MINILM)) {
      float[] alone = encoder.encode(List.of(longText))[0];
      float[] batched = encoder.encode(List.of(RESPONSES.get(0), longText, RESPONSES.get(2)))[1];

      assertThat(dot(alone, batched)).isCloseTo(1.0, within(1e-4));
      assertThat(dot(alone, encoder.encode(List.of("filler words ".repeat(400)))[0])).isLessThan(0.99);
    }
  }

  @Test
  void batchesAreCutWherePaddingWouldCostMoreThanAnotherForwardPass() {
    assertThat(SentenceEncoder.batchEnds(new int[] {5, 6, 7, 200, 210})).containsExactly(3, 5);
    assertThat(SentenceEncoder.batchEnds(new int[] {30, 31, 32, 33})).containsExactly(4);
    int[] equal = new int[20];
    java.util.Arrays.fill(equal, 40);
    int[] ends = SentenceEncoder.batchEnds(equal);
    assertThat(ends).hasSize(2).endsWith(20);
    assertThat(ends[0]).isBetween(4, 16);
    assertThat(SentenceEncoder.batchEnds(new int[0])).isEmpty();
  }

  @Test
  void featuresAreResponseAndItsProductWithThePrompt() {
    try (SentenceEncoderFeaturizer featurizer =
        new SentenceEncoderFeaturizer(SentenceEncoder.open(EncoderKind.MINILM), EmbeddingCache.inMemory("minilm", 384), 384)) {
      float[][] rows = featurizer.featurize(PROMPT, RESPONSES.subList(0, 1));

      assertThat(featurizer.dimension()).isEqualTo(768);
      assertThat(rows[0]).hasSize(768);
      double cosine = 0;
      for (int h = 384; h < 768; h++) {
        cosine += rows[0][h];
      }
      assertThat(cosine).as("sum of e(prompt) ⊙ e(response) is their cosine").isGreaterThan(0.3);
    }
  }

  @Test
  void cacheHitsSkipTheEncoderAndSurviveReopening(@TempDir Path dir) {
    Path file = dir.resolve("minilm.bin");
    float[][] first;
    try (SentenceEncoderFeaturizer featurizer = new SentenceEncoderFeaturizer(
        SentenceEncoder.open(EncoderKind.MINILM), EmbeddingCache.load(file, "minilm", 384), 384)) {
      first = featurizer.featurize(PROMPT, RESPONSES);
      long encoded = encodedTexts(featurizer);
      assertThat(encoded).isEqualTo(4);

      featurizer.featurize(PROMPT, RESPONSES);
      assertThat(encodedTexts(featurizer)).as("second pass is all cache hits").isEqualTo(encoded);
    }
    try (SentenceEncoderFeaturizer reopened = new SentenceEncoderFeaturizer(
        SentenceEncoder.open(EncoderKind.MINILM), EmbeddingCache.load(file, "minilm", 384), 384)) {
      assertThat(reopened.featurize(PROMPT, RESPONSES)).isDeepEqualTo(first);
      assertThat(encodedTexts(reopened)).isZero();
    }
  }

  @Test
  void servingScorersOfOneEncoderShareTheirEmbeddingsWhileOthersKeepTheirOwn() {
    List<String> texts = List.of("A text both of a policy's input checks read, " + System.nanoTime());
    try (var first = (SentenceEncoderFeaturizer) Featurizers.create("minilm", FeaturizerOptions.serving(100));
        var second = (SentenceEncoderFeaturizer) Featurizers.create("minilm", FeaturizerOptions.serving(100));
        var own = (SentenceEncoderFeaturizer) Featurizers.create("minilm", FeaturizerOptions.inMemory())) {
      float[][] features = first.featurize(List.of(), texts);
      assertThat(encodedTexts(first)).isEqualTo(2); // the (empty) prompt and the text

      assertThat(second.featurize(List.of(), texts)).isDeepEqualTo(features);
      assertThat(encodedTexts(second)).as("the second scorer found both in the shared cache").isZero();
      own.featurize(List.of(), texts);
      assertThat(encodedTexts(own)).as("a cache of its own starts empty").isEqualTo(2);
    }
  }

  @Test
  void tornLastRecordIsCutOffOnOpen(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("minilm.bin");
    EmbeddingCache cache = EmbeddingCache.load(file, "minilm", 4);
    cache.putAll(List.of("a", "b"), new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}});
    Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

    EmbeddingCache reopened = EmbeddingCache.load(file, "minilm", 4);
    reopened.putAll(List.of("c"), new float[][] {{0, 0, 1, 0}});

    EmbeddingCache again = EmbeddingCache.load(file, "minilm", 4);
    assertThat(again.size()).isEqualTo(3);
    assertThat(again.get("c")).containsExactly(0, 0, 1, 0);
    assertThat(again.get("b")).containsExactly(0, 1, 0, 0);
  }

  @Test
  void bgeGivesNormalisedClsEmbeddings() {
    try (SentenceEncoder encoder = SentenceEncoder.open(EncoderKind.BGE)) {
      float[][] vectors = encoder.encode(RESPONSES);

      assertThat(vectors[0]).hasSize(384);
      assertThat(dot(vectors[0], vectors[0])).isCloseTo(1.0, within(1e-4));
      assertThat(dot(vectors[0], vectors[1])).isGreaterThan(dot(vectors[0], vectors[2]));
    }
  }

  private static long encodedTexts(SentenceEncoderFeaturizer featurizer) {
    return featurizer.encoder().encodedTexts();
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
