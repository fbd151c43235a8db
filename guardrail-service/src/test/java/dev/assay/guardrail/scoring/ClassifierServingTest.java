package dev.assay.guardrail.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.guardrail.ServedTestClassifiers;
import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Classifiers served like reward models: in production by name, several names at once, swapped in when a
 * promotion is broadcast, and kept out of production by the macro-F1 gate when worse.
 */
@QuarkusTest
class ClassifierServingTest {
  private static final String COOKING_QUESTION = "How long should I simmer the soup on the stove?";

  @Inject ModelRegistry registry;
  @Inject ClassifierModels classifiers;

  @Test
  void promotingASecondVersionSwapsItInWhileAnotherClassifierKeepsServing() throws Exception {
    Path model = train(10, 0.01f);
    String topics = unique("topics");
    String other = unique("other-topics");
    long first = registry.registerClassifier(model, topics);
    long second = registry.registerClassifier(model, topics);
    long otherFirst = registry.registerClassifier(model, other);
    assertThat(classifiers.production(topics)).isEmpty();
    registry.promote(first, "tests");
    registry.promote(otherFirst, "tests");

    // Asked for while absent: the broadcast loads it here (a name never asked for waits for its first use).
    assertThat(awaitVersion(topics, registry.get(first).version())).isTrue();
    ServedClassifier served = classifiers.production(topics).orElseThrow();
    assertThat(served.batcher()).as("a linear head on hashed n-grams is scored without a batcher").isNull();
    double[] p = served.scorer().probabilities(List.of(COOKING_QUESTION))[0];
    assertThat(served.scorer().labels().get(argMax(p))).isEqualTo("cooking");

    registry.promote(second, "tests");

    // No refresh by hand: the model.promoted broadcast makes this replica load the second version.
    assertThat(awaitVersion(topics, registry.get(second).version())).isTrue();
    assertThat(registry.get(first).stage).isEqualTo(RegisteredModel.Stage.ARCHIVED);
    assertThat(registry.get(otherFirst).stage).isEqualTo(RegisteredModel.Stage.PRODUCTION);
    assertThat(classifiers.production(other)).map(ServedClassifier::version)
        .contains(registry.get(otherFirst).version());
    // A request that took the first version before the swap can still finish on it.
    assertThat(served.scorer().probabilities(List.of(COOKING_QUESTION))[0]).containsExactly(p);
  }

  @Test
  void aSentenceEncoderClassifierIsServedWithABatcherThatASwapClosesAfterTheNewOneIsIn() throws Exception {
    Path model = ServedTestClassifiers.train("minilm", 3, 0.01f);
    String topics = unique("minilm-topics");
    long first = registry.registerClassifier(model, topics);
    long second = registry.registerClassifier(model, topics);
    registry.promote(first, "tests");
    assertThat(awaitVersion(topics, registry.get(first).version())).isTrue();
    ServedClassifier served = classifiers.production(topics).orElseThrow();
    assertThat(served.batcher()).isNotNull();
    double[][] batched = served.batcher().submit(List.of(COOKING_QUESTION)).get(30, TimeUnit.SECONDS);
    assertThat(served.scorer().labels().get(argMax(batched[0]))).isEqualTo("cooking");

    registry.promote(second, "tests");

    assertThat(awaitVersion(topics, registry.get(second).version())).isTrue();
    ServedClassifier swapped = classifiers.production(topics).orElseThrow();
    assertThat(swapped.batcher()).isNotNull().isNotSameAs(served.batcher());
    assertThat(served.batcher().isClosed()).as("the old version's batcher takes no more requests").isTrue();
    assertThat(served.batcher().awaitDrained(5_000)).isTrue();
    assertThat(swapped.batcher().submit(List.of(COOKING_QUESTION)).get(30, TimeUnit.SECONDS)[0])
        .containsExactly(batched[0], org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aClassifierWorseOnItsEvaluationFileIsRefusedAndProductionKeepsServing() throws Exception {
    String topics = unique("gated-topics");
    long good = registry.registerClassifier(train(10, 0.01f), topics);
    registry.promote(good, "tests");
    Path work = Files.createTempDirectory("classifier-gate-");
    long weak = registry.registerClassifier(train(1, 1e-6f), topics, ClassifierFixture.heldOut(work));

    assertThatThrownBy(() -> registry.promote(weak, "tests"))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.toProblem().status()).isEqualTo(409);
          assertThat(e.getMessage()).contains("macro F1").contains("evaluation file");
        });
    assertThat(registry.get(weak).stage).isEqualTo(RegisteredModel.Stage.CANDIDATE);
    assertThat(classifiers.production(topics)).map(ServedClassifier::version).contains(registry.get(good).version());
  }

  @Test
  void aNameWithoutAProductionClassifierServesNothing() {
    assertThat(classifiers.production(unique("never-promoted"))).isEmpty();
  }

  private boolean awaitVersion(String name, String version) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      Optional<ServedClassifier> served = classifiers.production(name);
      if (served.isPresent() && served.get().version().equals(version)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static Path train(int epochs, float learningRate) throws Exception {
    return ServedTestClassifiers.train(epochs, learningRate);
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime();
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }
}
