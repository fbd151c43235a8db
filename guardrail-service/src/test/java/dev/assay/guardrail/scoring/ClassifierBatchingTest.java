package dev.assay.guardrail.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.guardrail.ServedTestClassifiers;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A classifier's batcher on a real MiniLM topic classifier ({@link ServedTestClassifiers}). */
class ClassifierBatchingTest {
  static ClassifierScorer minilm;

  @BeforeAll
  static void train() throws Exception {
    minilm = ClassifierScorer.load(ServedTestClassifiers.train("minilm", 3, 0.01f), FeaturizerOptions.inMemory());
  }

  @AfterAll
  static void close() {
    minilm.close();
  }

  /** One to three texts per request, as a check sends the original and its normalised views. */
  static List<String> texts(int i) {
    List<String> texts = new ArrayList<>();
    texts.add("Request " + i + ": how long should I simmer a tomato sauce?");
    if (i % 2 == 0) {
      texts.add("request " + i + " who won the match last night");
    }
    if (i % 3 == 0) {
      texts.add("When do I plant tulip bulbs, request " + i + "?");
    }
    return texts;
  }

  @Test
  void concurrentChecksShareForwardPassesAndEachGetsExactlyTheRowsOfItsOwnTexts() throws Exception {
    assertThat(minilm.gainsFromBatching()).isTrue();
    try (var batcher = ProductionClassifiers.batcher("minilm-topics", minilm, MicroBatcherTest.settings(64, 1000, 2))) {
      ExecutorService checks = Executors.newFixedThreadPool(16);
      List<Future<double[][]>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(checks.submit(() -> batcher.submit(texts(n)).get(30, TimeUnit.SECONDS)));
      }
      for (int i = 0; i < 200; i++) {
        double[][] expected = minilm.probabilities(texts(i));
        double[][] actual = results.get(i).get();
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int row = 0; row < expected.length; row++) {
          for (int label = 0; label < expected[row].length; label++) {
            assertThat(actual[row][label]).isCloseTo(expected[row][label], Offset.offset(1e-4));
          }
        }
      }
      checks.shutdown();
      assertThat(batcher.requests()).isEqualTo(200);
      assertThat(batcher.batches()).as("16 concurrent checks must share forward passes").isLessThan(200);
    }
  }

  @Test
  void aHashedClassifierIsScoredWithoutABatcher() throws Exception {
    try (ClassifierScorer hashed = ClassifierScorer.load(ServedTestClassifiers.train(2, 0.1f),
        FeaturizerOptions.inMemory())) {
      assertThat(hashed.gainsFromBatching()).as("a linear head on hashed n-grams has no forward pass to share")
          .isFalse();
    }
  }
}
