package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.ui.components.WordDiff.Segment;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WordDiffTest {

  @Test
  void identicalTextsHaveNoChanges() {
    WordDiff.Result result = WordDiff.diff("The same text.", "The same text.");
    assertThat(result.left()).containsExactly(new Segment("The same text.", false));
    assertThat(result.similarity()).isEqualTo(1.0);
  }

  @Test
  void marksOnlyTheWordsThatDiffer() {
    WordDiff.Result result = WordDiff.diff("The quick brown fox jumps", "The slow brown fox leaps high");
    assertThat(changed(result.left())).containsExactly("quick", "jumps");
    assertThat(changed(result.right())).containsExactly("slow", "leaps", "high");
  }

  @Test
  void segmentsReproduceBothTextsExactly() {
    String a = "Line one\n\n  indented `code` here, with punctuation!\nEnd";
    String b = "Line one\n\nindented code there; with punctuation?\nEnd\n";
    WordDiff.Result result = WordDiff.diff(a, b);
    assertThat(join(result.left())).isEqualTo(a);
    assertThat(join(result.right())).isEqualTo(b);
  }

  @Test
  void oneSideEmptyIsAllChanged() {
    WordDiff.Result result = WordDiff.diff("", "new words");
    assertThat(result.left()).isEmpty();
    assertThat(changed(result.right())).containsExactly("new", "words");
  }

  @Test
  void htmlIsEscapedAndUsesMark() {
    WordDiff.Result result = WordDiff.diff("say <b>hi</b>", "say <script>alert(1)</script>");
    String html = WordDiff.toHtml(result.right());
    assertThat(html).doesNotContain("<script", "<b>");
    assertThat(html).contains("<mark>script</mark>", "&lt;");
  }

  @Test
  void veryLongTextsFallBackToLinesAndStayBounded() {
    String a = IntStream.range(0, 3000).mapToObj(i -> "line " + i + " word word word").collect(Collectors.joining("\n"));
    String b = a.replace("line 1500 word", "line 1500 changed");
    long start = System.nanoTime();
    WordDiff.Result result = WordDiff.diff("x " + a, "y " + b);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    assertThat(join(result.left())).isEqualTo("x " + a);
    assertThat(changed(result.right())).anySatisfy(s -> assertThat(s).contains("changed"));
  }

  private static List<String> changed(List<Segment> segments) {
    return segments.stream().filter(Segment::changed).map(s -> s.text().strip()).toList();
  }

  private static String join(List<Segment> segments) {
    return segments.stream().map(Segment::text).collect(Collectors.joining());
  }
}
