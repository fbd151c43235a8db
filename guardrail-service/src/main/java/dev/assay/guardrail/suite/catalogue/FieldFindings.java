package dev.assay.guardrail.suite.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.guardrail.audit.AuditQueries;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.ComparisonContent;
import dev.assay.store.record.Comparisons;
import dev.assay.store.record.Message;
import dev.assay.store.record.Messages;
import dev.assay.store.record.Preferences;
import dev.assay.store.record.RecordedJudgement;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Findings from the field become probes, so every later release is tested against them: a rater's
 * {@code unsafe} flag on a judgement (the flagged response, expected to be blocked) and an escalated live
 * decision (its input or output, expected as a reviewer says, blocked by default). Each is appended to a
 * custom suite ({@value #DEFAULT_SUITE} unless named) with its provenance in the probe's tags; its key
 * names its origin, so the same finding cannot be added to a suite twice.
 */
@ApplicationScoped
public class FieldFindings {
  public static final String DEFAULT_SUITE = "field-findings";
  static final String UNSAFE_FLAG = "unsafe";

  private final Preferences preferences;
  private final Comparisons comparisons;
  private final AuditQueries audit;
  private final SuiteStore suites;

  public FieldFindings(Preferences preferences, Comparisons comparisons, AuditQueries audit, SuiteStore suites) {
    this.preferences = preferences;
    this.comparisons = comparisons;
    this.audit = audit;
    this.suites = suites;
  }

  /** Where a finding went: the suite version that holds it, and the probe. */
  public record Added(StoredSuite suite, Probe probe) {}

  /**
   * Adds the response a rater flagged unsafe as an output probe expected to be blocked.
   *
   * @param response {@code a} or {@code b}; null for the response the rater did not prefer (a flag on a
   *     tie or on "both bad" must say which)
   * @throws ProblemException 404 for an unknown judgement, 422 naming {@code preferenceId} when it carries no
   *     unsafe flag or {@code response} when it is missing or not a or b, 409 when the suite holds it already
   */
  public Added addFlaggedJudgement(long preferenceId, String response, String suite, String user) {
    Flagged flagged = QuarkusTransaction.requiringNew().call(() -> {
      RecordedJudgement judgement = preferences.byId(preferenceId)
          .orElseThrow(() -> ProblemException.notFound("judgement", preferenceId));
      if (!judgement.flags().contains(UNSAFE_FLAG)) {
        throw ProblemException.invalid("preferenceId", "judgement " + preferenceId + " carries no unsafe flag (its flags: "
            + judgement.flags() + ")");
      }
      ComparisonContent content = comparisons.content(judgement.comparisonId())
          .orElseThrow(() -> ProblemException.notFound("comparison", judgement.comparisonId()));
      return new Flagged(judgement, content);
    });
    RecordedJudgement judgement = flagged.judgement();
    String side = flaggedSide(response, judgement.choice());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("source", "rater-flag");
    tags.put("preference", String.valueOf(preferenceId));
    tags.put("comparison", String.valueOf(judgement.comparisonId()));
    tags.put("response", side);
    putIfPresent(tags, "rater", judgement.rater());
    putIfPresent(tags, "judged_at", judgement.judgedAt() == null ? null : judgement.judgedAt().toString());
    Probe probe = new Probe("flag-" + preferenceId + "-" + side, ProbeSide.OUTPUT, Expected.BLOCK,
        userTurns(Messages.decode(flagged.content().promptMessages())),
        "a".equals(side) ? flagged.content().a() : flagged.content().b(), null, "rater-flag", tags);
    return new Added(suites.appendProbe(suiteName(suite), probe, user), probe);
  }

  private record Flagged(RecordedJudgement judgement, ComparisonContent content) {}

  /**
   * Adds an escalated decision as a probe on the stage that escalated: the request for an input check, the
   * response (with its request) for an output check. The texts come from the audit row when it kept them
   * ({@code assay.guardrail.audit.store-text}), else from the store, where the escalation put them for review.
   *
   * @param expected {@code block} (the default) or {@code allow}, as a reviewer judged the text
   * @throws ProblemException 404 for an unknown trace id, 422 naming {@code traceId} when the decision was not
   *     escalated or {@code expected} when it is neither allow nor block, 409 when its texts were kept nowhere
   *     or the suite holds it already
   */
  public Added addEscalation(UUID traceId, String expected, String suite, String user) {
    Expected outcome = expected(expected);
    Map<String, Object> decision = audit.byTrace(traceId)
        .orElseThrow(() -> ProblemException.notFound("guardrail decision", traceId));
    if (!"escalate".equals(decision.get("decision"))) {
      throw ProblemException.invalid("traceId", "decision " + traceId + " was " + decision.get("decision")
          + ", not escalated");
    }
    JsonNode by = escalatingCheck(decision);
    String stage = by == null ? "output" : by.path("stage").asText("output");
    Texts texts = texts(traceId, decision);
    boolean input = "input".equals(stage);
    if (!input && texts.response() == null) {
      throw ProblemException.conflict("the response of decision " + traceId + " was kept neither in the audit nor"
          + " in the store");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("source", "escalation");
    tags.put("trace", traceId.toString());
    tags.put("stage", stage);
    putIfPresent(tags, "policy", (String) decision.get("policy"));
    putIfPresent(tags, "policy_version", Objects.toString(decision.get("policy_version"), null));
    putIfPresent(tags, "decided_at", (String) decision.get("decided_at"));
    if (by != null) {
      putIfPresent(tags, "check", by.path("check").asText(null));
      putIfPresent(tags, "verdict", by.path("verdict").asText(null));
      putIfPresent(tags, "score", by.hasNonNull("score") ? by.get("score").asText() : null);
      putIfPresent(tags, "threshold", by.hasNonNull("threshold") ? by.get("threshold").asText() : null);
      putIfPresent(tags, "model_version", by.path("model_version").asText(null));
    }
    Probe probe = new Probe("escalation-" + traceId, input ? ProbeSide.INPUT : ProbeSide.OUTPUT, outcome,
        texts.prompt(), input ? null : texts.response(), null, "escalation", tags);
    return new Added(suites.appendProbe(suiteName(suite), probe, user), probe);
  }

  private record Texts(String prompt, String response) {}

  private Texts texts(UUID traceId, Map<String, Object> decision) {
    String promptJson = (String) decision.get("prompt_text");
    String response = (String) decision.get("response_text");
    if (promptJson == null || response == null) {
      Texts stored = QuarkusTransaction.requiringNew().call(() -> new Texts(
          comparisons.promptMessages((String) decision.get("prompt_hash")).orElse(null),
          comparisons.text((String) decision.get("response_hash")).orElse(null)));
      promptJson = promptJson == null ? stored.prompt() : promptJson;
      response = response == null ? stored.response() : response;
    }
    if (promptJson == null) {
      throw ProblemException.conflict("the request of decision " + traceId + " was kept neither in the audit"
          + " (assay.guardrail.audit.store-text is off) nor in the store");
    }
    return new Texts(userTurns(Messages.decode(promptJson)), response);
  }

  private static JsonNode escalatingCheck(Map<String, Object> decision) {
    if (decision.get("trace") instanceof JsonNode trace && trace.isArray()) {
      for (JsonNode entry : trace) {
        if ("escalate".equals(entry.path("action").asText())) {
          return entry;
        }
      }
    }
    return null;
  }

  /** What the user said, every turn (an injection in an earlier turn still counts, as the input checks see it). */
  static String userTurns(List<Message> conversation) {
    String joined = conversation.stream().filter(m -> Message.USER.equals(m.role())).map(Message::content)
        .collect(Collectors.joining("\n\n"));
    return joined.isEmpty() && !conversation.isEmpty() ? conversation.getLast().content() : joined;
  }

  private static String flaggedSide(String response, Choice choice) {
    if (response == null || response.isBlank()) {
      return switch (choice) {
        case A -> "b";
        case B -> "a";
        default -> throw ProblemException.invalid("response", "the judgement is " + choice.name().toLowerCase(Locale.ROOT)
            + ": say which response is unsafe (a or b)");
      };
    }
    String side = response.trim().toLowerCase(Locale.ROOT);
    if (!side.equals("a") && !side.equals("b")) {
      throw ProblemException.invalid("response", "response is a or b, not \"" + response + "\"");
    }
    return side;
  }

  private static Expected expected(String expected) {
    if (expected == null || expected.isBlank()) {
      return Expected.BLOCK;
    }
    return switch (expected.trim().toLowerCase(Locale.ROOT)) {
      case "block" -> Expected.BLOCK;
      case "allow" -> Expected.ALLOW;
      default -> throw ProblemException.invalid("expected", "expected is allow or block, not \"" + expected + "\"");
    };
  }

  private static String suiteName(String suite) {
    return Optional.ofNullable(suite).map(String::trim).filter(s -> !s.isEmpty()).orElse(DEFAULT_SUITE);
  }

  private static void putIfPresent(Map<String, String> tags, String name, String value) {
    if (value != null && !value.isBlank()) {
      tags.put(name, value);
    }
  }
}
