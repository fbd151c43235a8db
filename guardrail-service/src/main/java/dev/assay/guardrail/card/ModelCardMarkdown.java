package dev.assay.guardrail.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A card as markdown. Every text that comes from data (names, notes, dataset names, suite names, report keys)
 * is escaped, so a name like {@code <img src=x onerror=...>} or {@code [link](javascript:...)} renders as the
 * characters it is made of, never as HTML, a link or a table break.
 */
public final class ModelCardMarkdown {
  private static final int MAX_METRICS_PER_RUN = 12;

  private ModelCardMarkdown() {}

  public static String render(ModelCard card) {
    StringBuilder md = new StringBuilder();
    ModelCard.Model model = card.model();
    md.append("# Model card: ").append(text(model.version())).append("\n\n");
    table(md, List.of("field", "value"), List.of(
        List.of("id", String.valueOf(model.id())),
        List.of("kind", text(model.kind().toLowerCase(Locale.ROOT))),
        List.of("stage", text(model.stage().toLowerCase(Locale.ROOT))),
        List.of("featurizer", text(model.featurizer())),
        List.of("training run", model.trainingRunId() == null ? "-" : String.valueOf(model.trainingRunId())),
        List.of("registered", String.valueOf(model.createdAt())),
        List.of("promoted", model.promotedAt() == null ? "never" : String.valueOf(model.promotedAt()))));

    md.append("## Intended use\n\n").append(text(card.uses().intendedUse())).append("\n\n");
    ModelCardNotes.Notes notes = card.uses().notes();
    if (notes != null && notes.intendedUse() != null) {
      md.append(paragraphs(notes.intendedUse())).append("\n\n");
    }
    md.append("## Out-of-scope uses\n\n");
    card.uses().outOfScope().forEach(use -> md.append("- ").append(text(use)).append('\n'));
    if (notes != null && notes.outOfScope() != null) {
      md.append('\n').append(paragraphs(notes.outOfScope())).append('\n');
    }
    if (notes != null) {
      md.append("\n_Notes by ").append(text(notes.updatedBy())).append(", ").append(notes.updatedAt()).append("._\n");
    }

    md.append("\n## Training data\n\n");
    ModelCard.TrainingData data = card.trainingData();
    if (data.snapshotId() == null) {
      md.append("Registered from files, not trained on a snapshot of the store.\n\n");
    } else {
      table(md, List.of("field", "value"), List.of(
          List.of("snapshot", data.snapshotId() + " (" + text(data.snapshotName()) + ")"),
          List.of("snapshot hash", "`" + code(data.snapshotHash()) + "`"),
          List.of("frozen", text(data.snapshotCreatedBy()) + ", " + data.snapshotCreatedAt()),
          List.of("records", counts(data.counts())),
          List.of("datasets", data.datasets().isEmpty() ? "-" : String.join(", ", data.datasets().stream().map(ModelCardMarkdown::text).toList())),
          List.of("campaigns", data.campaigns().isEmpty() ? "-" : data.campaigns().toString()),
          List.of("raters", String.valueOf(data.raters())),
          List.of("adjudicated records", String.valueOf(data.adjudicated()))));
      if (data.lineageHash() != null && !data.lineageHash().equals(data.snapshotHash())) {
        md.append("**Warning:** the snapshot's content hash is now `").append(code(data.lineageHash()))
            .append("`, not the one recorded at training.\n\n");
      }
    }

    md.append("## Evaluation\n\nOn ").append(text(card.evaluation().on())).append(".\n\n");
    metrics(md, card.evaluation().metrics());

    md.append("## Calibration\n\n");
    metrics(md, card.calibration().metrics());
    if (!card.calibration().details().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      card.calibration().details().forEach((key, value) -> rows.add(List.of(text(key), text(String.valueOf(value)))));
      table(md, List.of("detail", "value"), rows);
    }

    if (!card.calibration().thresholds().isEmpty()) {
      md.append("Thresholds calibrated for this version in policies in production:\n\n");
      table(md, List.of("policy", "stage", "check", "threshold", "if another version serves"), card.calibration()
          .thresholds().stream().map(t -> List.of(text(t.policy()) + " v" + t.policyVersion(), t.stage(), text(t.check()),
              number(t.threshold()), text(t.onUncalibrated()))).toList());
    }

    md.append("## Suite runs\n\n");
    runs(md, card.suiteRuns());
    md.append("## Bias audit\n\n");
    if (card.biasAudit().isEmpty()) {
      md.append("No bias-pairs or counterfactual suite has been run against this model.\n\n");
    } else {
      runs(md, card.biasAudit());
    }

    md.append("## Known failure modes\n\n");
    if (card.knownFailureModes().isEmpty()) {
      md.append("No failing probes are catalogued for this model.\n\n");
    } else {
      for (Map.Entry<String, List<FailureCatalogue.Group>> dimension : card.knownFailureModes().entrySet()) {
        md.append("By ").append(text(dimension.getKey())).append(":\n\n");
        table(md, List.of(text(dimension.getKey()), "failures", "runs", "last seen"), dimension.getValue().stream()
            .map(g -> List.of(text(g.value()), String.valueOf(g.failures()), String.valueOf(g.runs()),
                String.valueOf(g.lastSeen())))
            .toList());
      }
    }

    md.append("## Promotion history\n\n");
    if (card.promotionHistory().isEmpty()) {
      md.append("The promotion gate has not judged this model.\n\n");
    } else {
      table(md, List.of("when", "event", "by", "role", "verdict", "other model", "metric", "candidate", "baseline"),
          card.promotionHistory().stream().map(p -> List.of(
              String.valueOf(p.at()), p.event(), text(p.by()), p.role() == null ? "-" : p.role(),
              p.passed() == null ? "-" : p.passed() ? "passed" : "refused",
              p.otherModelId() == null ? "-" : "model " + p.otherModelId(),
              p.gateId() == null ? "-" : text(String.valueOf(p.details().getOrDefault("metric", "-"))),
              number(p.details().get("candidateScore")), number(p.details().get("baselineScore")))).toList());
    }
    md.append("_Generated ").append(card.generatedAt()).append("._\n");
    return md.toString();
  }

  private static void runs(StringBuilder md, List<ModelCard.SuiteRun> runs) {
    if (runs.isEmpty()) {
      md.append("No suite has been run against this model.\n\n");
      return;
    }
    table(md, List.of("run", "when", "suite", "kind", "policy", "probes", "failures", "metrics"), runs.stream()
        .map(run -> List.of(String.valueOf(run.runId()), String.valueOf(run.ranAt()),
            text(run.suite()) + " v" + run.suiteVersion(), text(run.kind()),
            run.policy() == null ? "-" : text(run.policy()) + (run.policyVersion() == null ? "" : " v" + run.policyVersion()),
            String.valueOf(run.probes()), String.valueOf(run.failures()), headline(run.metrics())))
        .toList());
  }

  /** The run's scalar metrics and intervals, by name; nested breakdowns stay in the JSON form. */
  private static String headline(JsonNode metrics) {
    List<String> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metrics == null ? java.util.Collections.emptyIterator() : metrics.fields();
    while (fields.hasNext() && parts.size() < MAX_METRICS_PER_RUN) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNumber()) {
        parts.add(text(field.getKey()) + " " + number(value.doubleValue()));
      } else if (value.isArray() && value.size() == 2 && value.get(0).isNumber() && value.get(1).isNumber()) {
        parts.add(text(field.getKey()) + " [" + number(value.get(0).doubleValue()) + ", " + number(value.get(1).doubleValue()) + "]");
      } else if (value.isObject() && value.path("value").isNumber()) {
        parts.add(text(field.getKey()) + " " + number(value.get("value").doubleValue()));
      }
    }
    return parts.isEmpty() ? "-" : String.join("; ", parts);
  }

  private static void metrics(StringBuilder md, List<ModelCard.Metric> metrics) {
    if (metrics.isEmpty()) {
      md.append("Nothing was measured.\n\n");
      return;
    }
    table(md, List.of("metric", "value", "95% interval", "n"), metrics.stream().map(m -> List.of(text(m.name()),
        number(m.value()), m.low() == null ? "-" : "[" + number(m.low()) + ", " + number(m.high()) + "]",
        m.n() == null ? "-" : String.valueOf(m.n()))).toList());
  }

  public static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> md.append("---|"));
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append('\n');
  }

  private static String counts(Map<String, Long> counts) {
    if (counts == null || counts.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((split, n) -> parts.add(text(split) + " " + n));
    return String.join(", ", parts);
  }

  private static String number(Object value) {
    return value instanceof Number n ? number(n.doubleValue()) : "-";
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
  }

  /** Text from data in a code span: backticks cannot close it, line breaks cannot end it. */
  private static String code(String value) {
    return value == null ? "-" : value.replace('`', '\'').replaceAll("[\\r\\n|]", " ");
  }

  /**
   * An admin's notes: paragraphs kept, everything else escaped, and a paragraph that would open a list
   * ({@code - }, {@code + }, {@code 1. }) kept a paragraph.
   */
  private static String paragraphs(String value) {
    return String.join("\n\n", Arrays.stream(value.strip().split("\\R\\s*\\R"))
        .map(paragraph -> text(paragraph.strip()).replaceFirst("^([-+])", "\\\\$1").replaceFirst("^(\\d+)([.)])", "$1\\\\$2"))
        .toList());
  }

  /**
   * Text from data as literal characters on one line: HTML's special characters as entities, markdown's
   * inline punctuation backslash-escaped, line breaks as spaces (a table row or list item stays one line).
   * Never placed at the start of a line, so what only opens a block there ({@code -}, {@code 1.}) is left.
   */
  public static String text(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    value.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\r', '\n', '\t', '\u2028', '\u2029' -> out.append(' ');
        case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '!', '|', '~' -> out.append('\\').appendCodePoint(c);
        default -> {
          if (Character.isISOControl(c)) {
            out.append(' ');
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}
