package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.textfield.TextArea;
import org.junit.jupiter.api.Test;

class StorableInputTest {

  @Test
  void aNulMarksTheFieldInvalidWithTheReasonAndIsNotSent() {
    TextArea rationale = StorableInput.guard(new TextArea());

    rationale.setValue("left\u0000right");

    assertThat(rationale.isInvalid()).isTrue();
    assertThat(rationale.getErrorMessage()).contains("U+0000", "cannot be stored");
    assertThat(StorableInput.check(rationale, rationale.getValue())).isFalse();
  }

  @Test
  void controlCharactersAndEmojiAreAcceptedAndClearTheError() {
    TextArea rationale = StorableInput.guard(new TextArea());
    rationale.setValue("\uD83D");
    assertThat(rationale.isInvalid()).isTrue();

    rationale.setValue("odd \u009f and \u0001 but fine \uD83D\uDE42");

    assertThat(rationale.isInvalid()).isFalse();
    assertThat(StorableInput.check(rationale, rationale.getValue())).isTrue();
  }
}
