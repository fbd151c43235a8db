package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.ClassifierFixture;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import dev.assay.trainer.model.TextColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSplitTest {
  @TempDir Path dir;

  @Test
  void everyGroupLandsWhollyOnOneSide() throws Exception {
    LabeledTextSet set = LabeledTexts.read(ClassifierFixture.training(dir), ClassifierFixture.COLUMNS);

    GroupSplit.Split split = GroupSplit.holdOut(set, 0.3, "validation");

    Set<String> trainGroups = split.train().examples().stream().map(LabeledText::group).collect(Collectors.toSet());
    Set<String> heldGroups = split.held().examples().stream().map(LabeledText::group).collect(Collectors.toSet());
    assertThat(heldGroups).isNotEmpty().doesNotContainAnyElementsOf(trainGroups);
    assertThat(split.train().examples().size() + split.held().examples().size()).isEqualTo(48);
    assertThat(split.held().labels()).isEqualTo(set.labels());
  }

  @Test
  void withoutAGroupColumnEachTextIsItsOwnGroup() throws Exception {
    LabeledTextSet set = LabeledTexts.read(ClassifierFixture.training(dir), new TextColumns("text", "topic", null));

    GroupSplit.Split split = GroupSplit.holdOut(set, 0.3, "validation");

    assertThat(set.examples()).allSatisfy(example -> assertThat(example.group()).isEqualTo(example.text()));
    assertThat(split.held().examples()).isNotEmpty();
    assertThat(split.train().examples()).isNotEmpty();
  }
}
