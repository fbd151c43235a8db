package dev.assay.labeling.moderation;

import dev.assay.platform.escalation.EscalatedDecision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.record.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What text an escalation teaches a classifier, which events are refused, and how votes become a label. */
class EscalationRulesTest {
  private static final List<Message> CONVERSATION = List.of(new Message(Message.SYSTEM, "Be brief."),
      Message.user("First question"), Message.assistant("First answer"), Message.user("Second question"));

  @Test
  void anInputEscalationTeachesTheRequestsLastUserTurnAndAnOutputOneTheResponse() {
    assertThat(decision("input", CONVERSATION, null).checkedText()).isEqualTo("Second question");
    assertThat(decision("output", CONVERSATION, "An answer").checkedText()).isEqualTo("An answer");
  }

  @Test
  void anEscalationWithoutItsStageOrResponseIsRefusedNamingWhatIsMissing() {
    assertThat(decision("input", CONVERSATION, null).problem()).isNull();
    assertThat(decision("sideways", CONVERSATION, null).problem()).contains("stage");
    assertThat(decision("output", CONVERSATION, null).problem()).contains("response");
    assertThat(decision("input", List.of(), null).problem()).contains("prompt");
  }

  @Test
  void anAdjudicationSettlesTheLabelElseAStrictMajorityOfFinishedItems() {
    assertThat(ModerationExport.label("B", true, 2, 1)).isEqualTo(ModerationExport.UNSAFE);
    assertThat(ModerationExport.label("A", false, 0, 0)).isEqualTo(ModerationExport.SAFE);
    assertThat(ModerationExport.label(null, true, 2, 1)).isEqualTo(ModerationExport.SAFE);
    assertThat(ModerationExport.label(null, true, 1, 2)).isEqualTo(ModerationExport.UNSAFE);
    assertThat(ModerationExport.label(null, true, 1, 1)).as("a tie waits for an adjudication").isNull();
    assertThat(ModerationExport.label(null, false, 2, 0)).as("judgements still missing").isNull();
  }

  private static EscalatedDecision decision(String stage, List<Message> prompt, String response) {
    return new EscalatedDecision(UUID.randomUUID(), "assistant", 1, stage, "toxicity", prompt, response, "unsafe",
        0.5, 0.5, "No.", "toxicity-v1", Instant.now());
  }
}
