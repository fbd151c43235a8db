package dev.assay.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.cli.Need;
import dev.assay.trainer.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each command line starts, decided from the commands' declarations before anything starts. */
class PlainCommandLineTest {
  @TempDir Path dir;

  @Test
  void commandsDeclaredFileOnlyNeedNoDatabase() {
    assertThat(needs("eval", "--model", "m", "--data", "d.jsonl")).isEqualTo(Need.FILES);
    assertThat(needs("classifier-set", "prompt-attack", "--data-dir", "data", "--out", "o.csv")).isEqualTo(Need.FILES);
    assertThat(needs("suite", "build", "counterfactual", "-o", "cf.jsonl")).isEqualTo(Need.FILES);
  }

  @Test
  void databaseCommandsAndSubcommandsOfDatabaseGroupsNeedTheDatabase() {
    assertThat(needs("admin", "create-key", "someone", "--role", "service")).isEqualTo(Need.DATABASE);
    assertThat(needs("audit", "verify")).isEqualTo(Need.DATABASE);
    assertThat(needs("snapshot", "create", "--name", "s", "--dataset", "d")).isEqualTo(Need.DATABASE);
  }

  @Test
  void trainNeedsTheDatabaseOnlyForASnapshotId() throws Exception {
    Path file = Files.writeString(dir.resolve("12"), "{}\n");

    assertThat(needs("train", "--data", "12", "--out", "model")).isEqualTo(Need.DATABASE);
    assertThat(needs("train", "--data", file.toString(), "--out", "model")).isEqualTo(Need.FILES);
    assertThat(needs("train", "--data", "pairs.jsonl", "--out", "model")).isEqualTo(Need.FILES);
  }

  @Test
  void aCommandThatDeclaresNothingGetsTheApplication() {
    assertThat(ServeCommand.class.getAnnotation(dev.assay.platform.cli.Needs.class)).isNull();

    assertThat(needs("serve")).isEqualTo(Need.DATABASE);
  }

  @Test
  void helpUsageErrorsAndBareGroupsStartNothing() {
    assertThat(needs("--help")).isEqualTo(Need.FILES);
    assertThat(needs("--version")).isEqualTo(Need.FILES);
    assertThat(needs("eval", "--help")).isEqualTo(Need.FILES);
    assertThat(needs("admin", "create-key")).as("a required parameter missing").isEqualTo(Need.FILES);
    assertThat(needs("admin")).as("a group without its subcommand").isEqualTo(Need.FILES);
    assertThat(needs("no-such-command")).isEqualTo(Need.FILES);
  }

  @Test
  void fileOnlyCommandsReadSettingsWithExpressionsExpanded() {
    String dataDir = System.getenv("ASSAY_DATA_DIR");

    Path read = PlainCommandLine.settings(TrainerSettings.class).dataDir();

    assertThat(read.toString()).doesNotContain("${");
    assertThat(read).isEqualTo(Path.of(dataDir != null ? dataDir : ".assay/data"));
  }

  private static Need needs(String... args) {
    return new PlainCommandLine(args).needs();
  }
}
