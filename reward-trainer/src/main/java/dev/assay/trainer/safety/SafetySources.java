package dev.assay.trainer.safety;

import dev.assay.store.record.Message;
import dev.assay.store.text.ContentHash;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.LabeledText;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingPair;
import dev.assay.trainer.training.TrainingPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The public safety and instruction files a classifier set is built from, under one data directory and
 * in the layout of their releases (the names below). Each source text comes with a group id that keeps
 * near-duplicates together: the source's own id where it has one, else a hash of the normalised text.
 */
public record SafetySources(Path dataDirectory) {
  static final String TEMPLATES = "safety/jailbreak-templates-dev.csv.gz";
  static final String QUESTIONS = "safety/harmful-questions-dev.csv.gz";
  static final String XSTEST = "safety/xstest-prompts-dev.csv.gz";
  static final String ALPACA_EVAL = "alpaca-eval-judged-pairs-dev.jsonl.gz";
  static final String HH_RLHF = "hh-rlhf-harmless-dev.jsonl.gz";
  static final String JAILBREAK_RESPONSES = "safety/jailbreak-responses-dev.csv.gz";

  /** A text of a source and its group. */
  public record SourceText(String group, String text) {}

  /** GPTFuzz jailbreak templates ({@code id}, {@code text}); groups {@code template-<id>}. */
  public List<SourceText> templates() throws IOException {
    return withGroups(read(TEMPLATES, new TextColumns("text", "id", null)), "template-");
  }

  /** GPTFuzz harmful questions ({@code index}, {@code text}); groups {@code question-<index>}. */
  public List<SourceText> harmfulQuestions() throws IOException {
    return withGroups(read(QUESTIONS, new TextColumns("text", "index", null)), "question-");
  }

  /**
   * GPTFuzz's labelled responses to jailbreak attacks ({@code question}, {@code Response}, {@code label}: 1
   * when the response complies with the harmful question); groups {@code response-question-<question>}.
   */
  List<LabeledText> jailbreakResponses() throws IOException {
    return read(JAILBREAK_RESPONSES, new TextColumns("Response", "label", "question")).stream()
        .map(row -> new LabeledText(row.text(), row.label(), "response-question-" + row.group()))
        .toList();
  }

  /** XSTest prompts with the given label, {@code safe} or {@code unsafe}; groups {@code xstest-<id>}. */
  public List<SourceText> xstest(String label) throws IOException {
    return read(XSTEST, new TextColumns("prompt", "label", "id")).stream()
        .filter(prompt -> prompt.label().equals(label))
        .map(prompt -> new SourceText("xstest-" + prompt.group(), prompt.text()))
        .toList();
  }

  /** The distinct AlpacaEval instructions, in file order. */
  List<SourceText> alpacaEvalInstructions() throws IOException {
    return distinctFirstTurns(ALPACA_EVAL, "alpaca-");
  }

  /**
   * One answer to each distinct AlpacaEval instruction (the judged-better one), in the instruction's group:
   * long benign texts, so that length alone does not tell a jailbreak template from a benign input.
   */
  List<SourceText> alpacaEvalOutputs() throws IOException {
    Map<String, SourceText> answers = new LinkedHashMap<>();
    for (TrainingPair pair : TrainingPairs.read(file(ALPACA_EVAL)).pairs()) {
      firstUserTurn(pair).filter(text -> !pair.chosen().isBlank()).ifPresent(instruction -> {
        String key = normalised(instruction);
        answers.putIfAbsent(key, new SourceText(group("alpaca-", key), pair.chosen().strip()));
      });
    }
    return new ArrayList<>(answers.values());
  }

  /** The distinct opening user turns of the HH-RLHF red-team dialogues, in file order. */
  List<SourceText> hhOpeningTurns() throws IOException {
    return distinctFirstTurns(HH_RLHF, "hh-");
  }

  /** @throws IllegalArgumentException naming the file when it is missing */
  Path file(String name) {
    Path file = dataDirectory.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("missing input file " + file + " (--data-dir " + dataDirectory + ")");
    }
    return file;
  }

  private List<LabeledText> read(String name, TextColumns columns) throws IOException {
    return LabeledTexts.read(file(name), columns).examples();
  }

  /** Rows read with the id as their label: the id becomes the group. */
  private static List<SourceText> withGroups(List<LabeledText> rows, String prefix) {
    return rows.stream().map(row -> new SourceText(prefix + row.label(), row.text())).toList();
  }

  /**
   * The first user turn of every dialogue, once per normalised text (case, spacing and punctuation
   * ignored), so that near-duplicate requests form one group and never straddle a split.
   */
  private List<SourceText> distinctFirstTurns(String name, String prefix) throws IOException {
    PairSet pairs = TrainingPairs.read(file(name));
    Map<String, SourceText> distinct = new LinkedHashMap<>();
    for (TrainingPair pair : pairs.pairs()) {
      firstUserTurn(pair).ifPresent(text -> {
        String key = normalised(text);
        distinct.putIfAbsent(key, new SourceText(group(prefix, key), text.strip()));
      });
    }
    return new ArrayList<>(distinct.values());
  }

  private static Optional<String> firstUserTurn(TrainingPair pair) {
    return pair.prompt().stream()
        .filter(message -> Message.USER.equals(message.role()))
        .findFirst()
        .map(Message::content)
        .filter(text -> !text.isBlank());
  }

  private static String group(String prefix, String normalisedText) {
    return prefix + ContentHash.of(normalisedText).substring(0, 12);
  }

  private static String normalised(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
