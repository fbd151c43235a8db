package dev.assay.store.dataset.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.store.record.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class HhTextTest {
  @Test
  void parsesAndFormatsCanonicalTextExactly() {
    String text = "\n\nHuman: a\n\nAssistant:  b with a leading space\n\nHuman: \n\nAssistant: ";
    List<Message> turns = HhText.parse(text);
    assertThat(turns).containsExactly(Message.user("a"), Message.assistant(" b with a leading space"),
        Message.user(""), Message.assistant(""));
    assertThat(HhText.format(turns)).isEqualTo(text);
  }

  @Test
  void markersInsideATurnNeedTheBlankLine() {
    assertThat(HhText.parse("\n\nHuman: I said Human: hi\nAssistant: no\n\n\nAssistant: ok"))
        .containsExactly(Message.user("I said Human: hi\nAssistant: no\n"), Message.assistant("ok"));
  }

  @Test
  void refusesWhatWouldNotParseBack() {
    assertThat(HhText.format(List.of(new Message("system", "s")))).isNull();
    assertThat(HhText.format(List.of(Message.user("x\n\nAssistant: y")))).isNull();
    assertThat(HhText.parse("no markers")).isNull();
  }
}
