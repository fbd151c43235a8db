package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import dev.assay.store.record.StrengthScale;
import dev.assay.trainer.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingPairsTest {
  private static final List<Message> PROMPT = List.of(Message.user("Hi?"));

  @Test
  void choicesBecomeOrientedPairsAndUnusableRecordsAreCountedByReason() {
    List<PreferenceRecord> records = List.of(
        record(Choice.A, "good", "bad"),
        record(Choice.B, "bad", "good"),
        record(Choice.TIE, "fine", "also fine"),
        record(Choice.BOTH_BAD, "awful", "worse"),
        record(Choice.A, "same", "same"),
        record(Choice.TIE, "same", "same"),
        new PreferenceRecord(PROMPT, List.of(ResponseText.of("only")), null, null, "c", 6));

    PairSet set = TrainingPairs.fromRecords(records.iterator(), "unit", StrengthScale.MARGIN);

    assertThat(set.pairs()).extracting(TrainingPair::chosen, TrainingPair::rejected, TrainingPair::tie)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("good", "bad", false),
            org.assertj.core.groups.Tuple.tuple("good", "bad", false),
            org.assertj.core.groups.Tuple.tuple("fine", "also fine", true),
            org.assertj.core.groups.Tuple.tuple("same", "same", true));
    assertThat(set.dropped()).isEqualTo(Map.of("both_bad", 1L, "identical_responses", 1L, "no_choice", 1L));
    assertThat(set.pairs()).allMatch(pair -> pair.source().equals("unit"));
    assertThat(set.withoutTies(DropReason.TIE_IN_REWARD_MODEL).dropped()).containsEntry("tie_in_reward_model", 2L);
  }

  @Test
  void readsAnyImportableFileWithSourcesFromMetadata() throws Exception {
    PairSet fixture = TestData.fixture();

    assertThat(fixture.pairs()).hasSize(84);
    assertThat(fixture.ties()).isEqualTo(7);
    assertThat(fixture.pairs()).extracting(TrainingPair::source).contains("fixture_a", "fixture_b", "fixture_ties");
    assertThat(TrainingPairs.hash(fixture.pairs())).isEqualTo(TrainingPairs.hash(TestData.fixture().pairs()));
  }

  @Test
  void promptSplitsAreDeterministicDisjointAndKeepAPromptTogether() throws Exception {
    PairSet fixture = TestData.fixture();

    PromptSplit.Split split = PromptSplit.holdOut(fixture, 0.3, "test");

    assertThat(split.train().pairs().size() + split.held().pairs().size()).isEqualTo(84);
    assertThat(split.held().pairs()).isEqualTo(PromptSplit.holdOut(fixture, 0.3, "test").held().pairs());
    List<List<Message>> heldPrompts = split.held().pairs().stream().map(TrainingPair::prompt).toList();
    assertThat(split.train().pairs()).noneMatch(pair -> heldPrompts.contains(pair.prompt()));
    for (int fold = 0; fold < 5; fold++) {
      PromptSplit.Split cv = PromptSplit.fold(fixture, fold, 5, "cv");
      assertThat(cv.train().pairs().size() + cv.held().pairs().size()).isEqualTo(84);
    }
  }

  private static PreferenceRecord record(Choice choice, String a, String b) {
    return new PreferenceRecord(PROMPT, List.of(ResponseText.of(a), ResponseText.of(b)), choice, null, null, 1);
  }
}
