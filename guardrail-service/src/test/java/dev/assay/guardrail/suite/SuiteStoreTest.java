package dev.assay.guardrail.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.platform.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Saved suites are versioned by name, never changed in place, and read back probe for probe. */
@QuarkusTest
class SuiteStoreTest {
  @Inject SuiteStore store;

  @Test
  void savingUnderAnExistingNameMakesTheNextVersionAndKeepsTheFirst() {
    String name = unique("versions");
    StoredSuite first = store.save(suite(name, 3), "alice");
    StoredSuite second = store.save(suite(name, 5), "bob");

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.probeCount()).isEqualTo(5);
    assertThat(store.latest(name)).contains(second);
    assertThat(store.get(name, 1)).contains(first);
    assertThat(store.get(name, 3)).isEmpty();
    assertThat(store.get(first.id())).isEqualTo(first);
    assertThat(store.probes(first.id())).isEqualTo(suite(name, 3));
    assertThat(store.list()).filteredOn(s -> s.name().equals(name)).containsExactly(second);
    assertThat(first.createdBy()).isEqualTo("alice");
    assertThat(first.createdAt()).isNotNull();
  }

  @Test
  void probesComeBackInOrderAPageAtATimeWithTheirTags() {
    StoredSuite stored = store.save(suite(unique("pages"), 7), "alice");

    SuiteStore.ProbePage page = store.probes(stored.id(), 1, 3);

    assertThat(page.total()).isEqualTo(7);
    assertThat(page.items()).extracting(Probe::key).containsExactly("p3", "p4", "p5");
    assertThat(page.items().getFirst().tags()).isEqualTo(Map.of("template", "3", "question", "0"));
    assertThat(store.probes(stored.id(), 2, 3).items()).extracting(Probe::key).containsExactly("p6");
  }

  @Test
  void appendingAProbeMakesANewVersionWithItAtTheEndAndRefusesATakenKey() {
    String name = unique("append");
    StoredSuite first = store.save(suite(name, 2), "alice");
    Probe bypass = new Probe("bypass-1", ProbeSide.INPUT, Expected.BLOCK, "A prompt that got through", null, null,
        "red-team", Map.of("source", "playground"));

    StoredSuite appended = store.appendProbe(name, bypass, "carol");

    assertThat(appended.version()).isEqualTo(2);
    assertThat(appended.kind()).isEqualTo(SuiteKind.JAILBREAK);
    assertThat(appended.probeCount()).isEqualTo(3);
    assertThat(store.probes(appended.id()).probes()).extracting(Probe::key).containsExactly("p0", "p1", "bypass-1");
    assertThat(store.probes(appended.id()).probes().getLast()).isEqualTo(bypass);
    assertThat(store.probes(first.id()).probes()).hasSize(2);
    assertThatThrownBy(() -> store.appendProbe(name, bypass, "carol"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(store.latest(name)).contains(appended);
  }

  @Test
  void appendingToANewNameMakesACustomSuiteOfThatProbe() {
    String name = unique("custom");
    Probe probe = new Probe("k1", ProbeSide.OUTPUT, Expected.ALLOW, "prompt", "a benign answer", null, null, null);

    StoredSuite created = store.appendProbe(name, probe, "dave");

    assertThat(created.version()).isEqualTo(1);
    assertThat(created.kind()).isEqualTo(SuiteKind.CUSTOM);
    assertThat(store.probes(created.id()).probes()).containsExactly(probe);
  }

  @Test
  void aBadNameARepeatedKeyOrUnstorableTextIsRefusedAndNothingIsSaved() {
    String name = unique("dupes");
    Probe probe = suite(name, 1).probes().getFirst();
    assertThatThrownBy(() -> store.save(new Suite(name, SuiteKind.CUSTOM, null, null, List.of(probe, probe)), "x"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("probe 2").hasMessageContaining("'p0'");
    assertThatThrownBy(() -> store.save(suite("Has Spaces", 1), "x"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
    Probe unstorable = new Probe("p1", ProbeSide.INPUT, Expected.BLOCK, "a\u0000b", null, null, null, null);
    assertThatThrownBy(() -> store.save(new Suite(name, SuiteKind.CUSTOM, null, null, List.of(probe, unstorable)), "x"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("probe 2 prompt contains the character U+0000");
    assertThat(store.latest(name)).isEmpty();
    assertThatThrownBy(() -> store.get(Long.MAX_VALUE))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  static Suite suite(String name, int probes) {
    return new Suite(name, SuiteKind.JAILBREAK, "test suite", "test", IntStream.range(0, probes)
        .mapToObj(i -> new Probe("p" + i, ProbeSide.INPUT, Expected.BLOCK, "Prompt number " + i, null, null, "jailbreak",
            Map.of("template", String.valueOf(i), "question", "0")))
        .toList());
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
