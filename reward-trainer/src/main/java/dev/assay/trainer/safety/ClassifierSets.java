package dev.assay.trainer.safety;

import dev.assay.trainer.safety.SafetySources.SourceText;
import dev.assay.trainer.training.LabeledText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Training sets for the two input detectors of a guardrail, built from {@link SafetySources}, with
 * columns {@code text,label,group} for {@code train --kind classifier --group-column group}. Both are
 * balanced by construction and deterministic for a seed.
 *
 * <ul>
 *   <li><b>prompt-attack</b>: jailbreak templates filled with harmful questions ({@code attack}) against
 *       benign texts, the AlpacaEval instructions, one answer to each and XSTest's safe prompts
 *       ({@code benign}; the answers are as long as templates, so length is no tell). The group of
 *       an attack is its template, so a split by group judges the detector on templates it never saw. Each
 *       template is filled with the same number of questions, drawn without replacement: the number of
 *       benign prompts divided by the number of templates, so the classes are within one template's share.
 *   <li><b>harmful-request</b>: plain requests a safe system refuses ({@code harmful}: the harmful
 *       questions, XSTest's unsafe prompts and HH-RLHF red-team opening turns) against benign ones
 *       (the same benign texts; XSTest's safe prompts only look unsafe: the hard negatives).
 *       Every harmful question and unsafe XSTest prompt is kept; red-team turns are sampled to fill the
 *       harmful class up to the size of the benign one.
 *   <li><b>harmful-compliance</b>: responses, for a judge on the output (see {@link #harmfulCompliance}).
 * </ul>
 */
public final class ClassifierSets {
  public static final String ATTACK = "attack";
  public static final String HARMFUL = "harmful";
  public static final String BENIGN = "benign";

  /** Where a template takes its question, as GPTFuzz writes it. */
  static final String PLACEHOLDER = "[INSERT PROMPT HERE]";

  private ClassifierSets() {}

  /** The kinds of set, by their command-line names. */
  public enum Kind {
    PROMPT_ATTACK("prompt-attack"),
    HARMFUL_REQUEST("harmful-request"),
    HARMFUL_COMPLIANCE("harmful-compliance");

    private final String cliName;

    Kind(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Kind byName(String name) {
      for (Kind kind : values()) {
        if (kind.cliName.equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown set '" + name + "': prompt-attack, harmful-request or"
          + " harmful-compliance");
    }
  }

  public static List<LabeledText> build(Kind kind, SafetySources sources, long seed) throws IOException {
    return switch (kind) {
      case PROMPT_ATTACK -> promptAttacks(sources, seed);
      case HARMFUL_REQUEST -> harmfulRequests(sources, seed);
      case HARMFUL_COMPLIANCE -> harmfulCompliance(sources);
    };
  }

  /**
   * Responses: GPTFuzz's labelled answers to jailbreak attacks ({@code harmful} where the answer complies,
   * else {@code benign}) and AlpacaEval answers ({@code benign}): without helpful answers to harmless
   * requests, a judge learns that any compliance is harmful and blocks every helpful answer.
   */
  static List<LabeledText> harmfulCompliance(SafetySources sources) throws IOException {
    List<LabeledText> rows = new ArrayList<>();
    for (LabeledText response : sources.jailbreakResponses()) {
      rows.add(new LabeledText(response.text(), "1".equals(response.label()) ? HARMFUL : BENIGN, response.group()));
    }
    sources.alpacaEvalOutputs().forEach(answer -> rows.add(new LabeledText(answer.text(), BENIGN, answer.group())));
    return rows;
  }

  static List<LabeledText> promptAttacks(SafetySources sources, long seed) throws IOException {
    List<SourceText> templates = sources.templates();
    List<SourceText> questions = sources.harmfulQuestions();
    List<SourceText> benign = benign(sources);
    if (templates.isEmpty() || questions.isEmpty()) {
      throw new IllegalArgumentException("prompt-attack needs at least one template and one harmful question");
    }
    int perTemplate = Math.clamp(Math.round((double) benign.size() / templates.size()), 1, questions.size());
    Random random = new Random(seed);
    List<LabeledText> rows = new ArrayList<>();
    for (SourceText template : templates) {
      List<SourceText> drawn = new ArrayList<>(questions);
      Collections.shuffle(drawn, random);
      for (SourceText question : drawn.subList(0, perTemplate)) {
        rows.add(new LabeledText(fill(template.text(), question.text()), ATTACK, template.group()));
      }
    }
    benign.forEach(prompt -> rows.add(new LabeledText(prompt.text(), BENIGN, prompt.group())));
    return rows;
  }

  static List<LabeledText> harmfulRequests(SafetySources sources, long seed) throws IOException {
    List<SourceText> harmful = new ArrayList<>(sources.harmfulQuestions());
    harmful.addAll(sources.xstest("unsafe"));
    List<SourceText> benign = benign(sources);
    List<SourceText> redTeam = new ArrayList<>(sources.hhOpeningTurns());
    Collections.shuffle(redTeam, new Random(seed));
    harmful.addAll(redTeam.subList(0, Math.clamp(benign.size() - harmful.size(), 0, redTeam.size())));
    List<LabeledText> rows = new ArrayList<>();
    harmful.forEach(request -> rows.add(new LabeledText(request.text(), HARMFUL, request.group())));
    benign.forEach(request -> rows.add(new LabeledText(request.text(), BENIGN, request.group())));
    return rows;
  }

  private static List<SourceText> benign(SafetySources sources) throws IOException {
    List<SourceText> benign = new ArrayList<>(sources.alpacaEvalInstructions());
    benign.addAll(sources.xstest("safe"));
    // Long benign texts too: without them a template's length alone told attacks from benign prompts.
    benign.addAll(sources.alpacaEvalOutputs());
    return benign;
  }

  /** The template with the question in its placeholder (after the template when it has none). */
  public static String fill(String template, String question) {
    return template.contains(PLACEHOLDER) ? template.replace(PLACEHOLDER, question) : template + "\n" + question;
  }

  /**
   * Writes {@code text,label,group} with every cell quoted (RFC 4180), gzipped when the name ends in
   * {@code .gz}. Unlike the exports' {@code CsvRows}, no cell is prefixed against spreadsheet formulas:
   * these are training texts, read back verbatim.
   */
  public static void write(List<LabeledText> rows, Path out) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    try (OutputStream file = Files.newOutputStream(out);
        OutputStream stream = out.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(file) : file;
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
      writer.write("text,label,group\r\n");
      for (LabeledText row : rows) {
        writer.write(quoted(row.text()) + ',' + quoted(row.label()) + ',' + quoted(row.group()) + "\r\n");
      }
    }
  }

  private static String quoted(String cell) {
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
