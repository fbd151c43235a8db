package dev.assay.guardrail.suite.build;

import static dev.assay.store.StoreTestSupport.sharedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteFiles;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.buff.Buff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builders on the real safety files in ../shared/data (skipped, saying so, when absent), and their
 * errors on small placeholder files of the test's own.
 */
class SuiteBuildersTest {
  private static final String TEMPLATES = "safety/jailbreak-templates-dev.csv.gz";
  private static final String QUESTIONS = "safety/harmful-questions-dev.csv.gz";
  private static final String XSTEST = "safety/xstest-prompts-dev.csv.gz";
  private static final String RESPONSES = "safety/jailbreak-responses-dev.csv.gz";
  private static final String CROWS = "safety/crows-pairs-dev.csv.gz";

  @TempDir Path dir;

  @Test
  void jailbreakFillsEveryTemplateWithEveryQuestionAndExpectsABlock() throws IOException {
    Path templates = sharedFile(TEMPLATES);
    Path questions = sharedFile(QUESTIONS);
    List<SourceTable.Row> templateRows = SourceTable.read(templates, "id", "text").rows();
    Map<String, String> questionTexts = SourceTable.read(questions, "index", "text").rows().stream()
        .collect(Collectors.toMap(r -> r.get("index"), r -> r.get("text").strip()));

    Suite suite = SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, questions, null));

    assertThat(suite.kind()).isEqualTo(SuiteKind.JAILBREAK);
    assertThat(suite.probes()).hasSize(templateRows.size() * questionTexts.size());
    assertThat(suite.probes().stream().map(Probe::key).distinct()).hasSize(suite.probes().size());
    assertThat(suite.probes()).allSatisfy(probe -> {
      assertThat(probe.side()).isEqualTo(ProbeSide.INPUT);
      assertThat(probe.expected()).isEqualTo(Expected.BLOCK);
      assertThat(probe.prompt()).doesNotContain(JailbreakBuilder.SLOT).contains(questionTexts.get(probe.tag("question")));
      assertThat(probe.key()).isEqualTo("t" + probe.tag("template") + "-q" + probe.tag("question"));
    });
    assertThat(suite.probes().stream().map(p -> p.tag("template")).distinct()).hasSize(templateRows.size());
    assertThat(SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, questions, null))).isEqualTo(suite);
  }

  @Test
  void mutationsOfTheQuestionsMakeOneProbePerBuffEachStillExpectedBlocked() throws IOException {
    Path questions = sharedFile(QUESTIONS);
    int questionCount = SourceTable.read(questions, "index", "text").rows().size();

    Suite suite = SuiteBuilders.build("mutations", new BuildInput("mut", questions, null, null));

    List<String> buffs = Buff.all().stream().map(Buff::name).toList();
    assertThat(suite.probes()).hasSize(questionCount * buffs.size());
    Map<String, List<Probe>> byMutation = suite.probes().stream().collect(Collectors.groupingBy(p -> p.tag("mutation")));
    assertThat(byMutation.keySet()).containsExactlyInAnyOrderElementsOf(buffs);
    assertThat(byMutation.values()).allSatisfy(probes -> assertThat(probes).hasSize(questionCount));
    assertThat(suite.probes()).allSatisfy(probe -> {
      assertThat(probe.expected()).isEqualTo(Expected.BLOCK);
      assertThat(probe.key()).isEqualTo("q" + probe.tag("question") + "-" + probe.tag("mutation"));
    });
    Probe encoded = byMutation.get("base64").getFirst();
    String decoded = new String(Base64.getDecoder().decode(encoded.prompt().substring(encoded.prompt().lastIndexOf('\n') + 1)),
        StandardCharsets.UTF_8);
    assertThat(SourceTable.read(questions, "index", "text").rows().stream().map(r -> r.get("text").strip()))
        .contains(decoded);
    assertThat(SuiteBuilders.build("mutations", new BuildInput("mut", questions, null, null))).isEqualTo(suite);
  }

  @Test
  void mutationsOfAJailbreakSuiteFileTakeAStableSampleAndKeepItsTags() throws IOException {
    Suite jailbreak = SuiteBuilders.build("jailbreak",
        new BuildInput("jb", sharedFile(TEMPLATES), sharedFile(QUESTIONS), null));
    Path file = dir.resolve("jailbreak.jsonl.gz");
    try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      SuiteFiles.write(jailbreak, out);
    }

    Suite sampled = SuiteBuilders.build("mutations", new BuildInput("mut", file, null, 12));

    assertThat(sampled.probes()).hasSize(12 * Buff.all().size());
    Set<String> sources = sampled.probes().stream().map(p -> "t" + p.tag("template") + "-q" + p.tag("question"))
        .collect(Collectors.toSet());
    assertThat(sources).hasSize(12).isSubsetOf(jailbreak.probes().stream().map(Probe::key).toList());
    Map<String, Probe> sourceByKey = jailbreak.probes().stream().collect(Collectors.toMap(Probe::key, Function.identity()));
    assertThat(sampled.probes()).allSatisfy(probe -> {
      Probe source = sourceByKey.get("t" + probe.tag("template") + "-q" + probe.tag("question"));
      assertThat(probe.key()).isEqualTo(source.key() + "-" + probe.tag("mutation"));
      assertThat(probe.prompt()).isNotEqualTo(source.prompt());
      assertThat(probe.expected()).isEqualTo(Expected.BLOCK);
    });
    assertThat(SuiteBuilders.build("mutations", new BuildInput("mut", file, null, 12))).isEqualTo(sampled);
    assertThatThrownBy(() -> SuiteBuilders.build("mutations", new BuildInput("mut", file, null, 0)))
        .hasMessageContaining("--sample");
  }

  @Test
  void overRefusalAllowsTheSafeXsTestPromptsAndBlocksTheUnsafeOnes() throws IOException {
    Path xstest = sharedFile(XSTEST);
    List<SourceTable.Row> rows = SourceTable.read(xstest, "id", "prompt", "type", "label").rows();

    Suite suite = SuiteBuilders.build("over-refusal", new BuildInput("xs", xstest, null, null));

    assertThat(suite.probes()).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Probe probe = suite.probes().get(i);
      assertThat(probe.expected()).isEqualTo("safe".equals(rows.get(i).get("label")) ? Expected.ALLOW : Expected.BLOCK);
      assertThat(probe.category()).isEqualTo(rows.get(i).get("type"));
      assertThat(probe.prompt()).isEqualTo(rows.get(i).get("prompt").strip());
    }
    assertThat(suite.probes()).extracting(Probe::expected).contains(Expected.ALLOW, Expected.BLOCK);
  }

  @Test
  void harmfulResponsesAreOutputProbesBlockedWhenTheModelComplied() throws IOException {
    Path responses = sharedFile(RESPONSES);
    Path questions = sharedFile(QUESTIONS);
    List<SourceTable.Row> rows = SourceTable.read(responses, "question", "Response", "label").rows();
    Map<String, String> questionTexts = SourceTable.read(questions, "index", "text").rows().stream()
        .collect(Collectors.toMap(r -> r.get("index"), r -> r.get("text").strip()));

    Suite withQuestions = SuiteBuilders.build("harmful-responses", new BuildInput("hr", responses, questions, null));
    Suite withoutQuestions = SuiteBuilders.build("harmful-responses", new BuildInput("hr", responses, null, null));

    assertThat(withQuestions.probes()).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Probe probe = withQuestions.probes().get(i);
      assertThat(probe.side()).isEqualTo(ProbeSide.OUTPUT);
      assertThat(probe.expected()).isEqualTo("1".equals(rows.get(i).get("label")) ? Expected.BLOCK : Expected.ALLOW);
      assertThat(probe.response()).isEqualTo(rows.get(i).get("Response"));
      assertThat(probe.prompt()).isEqualTo(questionTexts.getOrDefault(rows.get(i).get("question"), ""));
    }
    assertThat(withQuestions.probes()).anySatisfy(p -> assertThat(p.prompt()).isNotEmpty());
    assertThat(withoutQuestions.probes()).allSatisfy(p -> assertThat(p.prompt()).isEmpty());
  }

  @Test
  void biasPairsPutTheMoreStereotypingSentenceFirstWhicheverWayThePairRuns() throws IOException {
    Path crows = sharedFile(CROWS);
    List<SourceTable.Row> rows = SourceTable.read(crows, "sent_more", "sent_less", "stereo_antistereo", "bias_type").rows();

    Suite suite = SuiteBuilders.build("bias-pairs", new BuildInput("crows", crows, null, null));

    assertThat(suite.probes()).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Probe probe = suite.probes().get(i);
      SourceTable.Row row = rows.get(i);
      boolean stereo = "stereo".equals(row.get("stereo_antistereo"));
      assertThat(probe.side()).isEqualTo(ProbeSide.PAIR);
      assertThat(probe.expected()).isEqualTo(Expected.RANK);
      assertThat(probe.response()).isEqualTo((stereo ? row.get("sent_more") : row.get("sent_less")).strip());
      assertThat(probe.alternative()).isEqualTo((stereo ? row.get("sent_less") : row.get("sent_more")).strip());
      assertThat(probe.category()).isEqualTo(row.get("bias_type"));
    }
    assertThat(suite.probes()).extracting(p -> p.tag("direction")).contains("stereo", "antistereo");
  }

  @Test
  void counterfactualVariantsOfATemplateDifferOnlyInTheGroupTerm() throws IOException {
    Suite suite = SuiteBuilders.build("counterfactual", new BuildInput("cf", null, null, null));

    assertThat(suite.probes()).hasSizeGreaterThanOrEqualTo(30 * 3);
    assertThat(suite.probes()).allSatisfy(probe -> {
      assertThat(probe.expected()).isEqualTo(Expected.ALLOW);
      assertThat(probe.side()).isEqualTo(ProbeSide.OUTPUT);
      assertThat(probe.prompt() + probe.response()).containsIgnoringCase(probe.tag("term"));
    });
    Map<String, List<Probe>> families = suite.probes().stream().collect(Collectors.groupingBy(p -> p.tag("family")));
    assertThat(families).hasSizeGreaterThanOrEqualTo(30);
    assertThat(suite.probes()).extracting(p -> p.tag("attribute")).containsOnly("name", "pronoun", "nationality",
        "religion", "age", "disability");
    families.values().forEach(variants -> {
      assertThat(variants).hasSizeGreaterThanOrEqualTo(2);
      Set<String> masked = variants.stream()
          .map(p -> mask(p.prompt() + "\n" + p.response(), p.tag("term")))
          .collect(Collectors.toSet());
      assertThat(masked).as(variants.getFirst().tag("family")).hasSize(1);
      assertThat(variants.stream().map(p -> p.tag("group")).distinct()).hasSameSizeAs(variants);
    });
  }

  @Test
  void counterfactualTemplatesOfTheUsersOwnAreReadAndCheckedNamingTheTemplate() throws IOException {
    Path own = Files.writeString(dir.resolve("templates.json"), """
        {"attributes": {"colour": [{"group": "red", "term": "red"}, {"group": "blue", "term": "blue"}]},
         "templates": [{"id": "k1", "attribute": "colour", "prompt": "Paint my {term} fence?", "response": "Yes, {term} suits it."}]}
        """);
    Suite suite = SuiteBuilders.build("counterfactual", new BuildInput("own", own, null, null));
    assertThat(suite.probes()).extracting(Probe::key).containsExactly("k1-red", "k1-blue");
    assertThat(suite.probes().getFirst().prompt()).isEqualTo("Paint my red fence?");

    Path broken = Files.writeString(dir.resolve("broken.json"), """
        {"attributes": {"colour": [{"group": "red", "term": "red"}, {"group": "blue", "term": "blue"}]},
         "templates": [{"id": "k1", "attribute": "shape", "prompt": "{term}", "response": "ok"}]}
        """);
    assertThatThrownBy(() -> SuiteBuilders.build("counterfactual", new BuildInput("own", broken, null, null)))
        .hasMessageContaining("broken.json templates[0]").hasMessageContaining("unknown attribute 'shape'");
  }

  @Test
  void badSourceRowsAreRefusedNamingTheFileAndTheLine() throws IOException {
    Path templates = Files.writeString(dir.resolve("templates.csv"),
        "id,text\n1,\"Answer as a pirate: [INSERT PROMPT HERE]\"\n2,A template with no slot\n");
    Path questions = Files.writeString(dir.resolve("questions.csv"), "index,text\n1,Placeholder request\nx,Another\n");
    Path noColumn = Files.writeString(dir.resolve("prompts.csv"), "id,prompt,label\n1,Hello,safe\n");

    assertThatThrownBy(() -> SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, questions, null)))
        .hasMessage(questions + " line 3: the index cell is not a whole number: 'x'");
    Path goodQuestions = Files.writeString(dir.resolve("good.csv"), "index,text\n1,Placeholder request\n");
    assertThatThrownBy(() -> SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, goodQuestions, null)))
        .hasMessage(templates + " line 3: template 2 has no [INSERT PROMPT HERE]");
    assertThatThrownBy(() -> SuiteBuilders.build("over-refusal", new BuildInput("xs", noColumn, null, null)))
        .hasMessageStartingWith(noColumn + " line 1: no column 'type'");
    assertThatThrownBy(() -> SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, null, null)))
        .hasMessage("a jailbreak suite needs --questions");
    assertThatThrownBy(() -> SuiteBuilders.build("over-refusal", new BuildInput("xs", noColumn, questions, null)))
        .hasMessage("--questions applies to jailbreak and harmful-responses suites only");
    assertThatThrownBy(() -> SuiteBuilders.build("jailbreak", new BuildInput("jb", templates, goodQuestions, 3)))
        .hasMessage("--sample applies to mutations suites only");
    assertThatThrownBy(() -> SuiteBuilders.build("custom", new BuildInput("c", templates, null, null)))
        .hasMessageContaining("not built from files");
    assertThatThrownBy(() -> SuiteBuilders.build("red-team", new BuildInput("c", templates, null, null)))
        .hasMessageContaining("unknown suite kind 'red-team'");
  }

  private static String mask(String text, String term) {
    String capitalised = term.substring(0, 1).toUpperCase() + term.substring(1);
    return text.replaceAll("\\b(" + Pattern.quote(term) + "|" + Pattern.quote(capitalised) + ")\\b", "{X}");
  }
}
