package dev.assay.guardrail.monitoring.alert;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert rules: listed, created, changed and removed by admins, each change audited. */
@ApplicationScoped
public class AlertRules {
  private final AlertService alerts;
  private final AdminAudit audit;

  public AlertRules(AlertService alerts, AdminAudit audit) {
    this.alerts = alerts;
    this.audit = audit;
  }

  /** A rule as a client gives it; see {@link AlertRule}. A null window count, min samples or enabled: its default. */
  public record Draft(String name, String kind, String statistic, String scope, String policy, Double threshold,
      Integer windowCount, Integer minSamples, String severity, Instant referenceFrom, Instant referenceTo,
      Boolean enabled) {}

  public List<AlertRule> list() {
    return QuarkusTransaction.requiringNew().call(() -> AlertRule.<AlertRule>list("order by id"));
  }

  public List<AlertRule> enabled() {
    return QuarkusTransaction.requiringNew().call(() -> AlertRule.<AlertRule>list("enabled = true order by id"));
  }

  public AlertRule get(long id) {
    AlertRule rule = QuarkusTransaction.requiringNew().call(() -> AlertRule.<AlertRule>findById(id));
    if (rule == null) {
      throw ProblemException.notFound("alert rule", id);
    }
    return rule;
  }

  /** @throws ProblemException 422 naming the first field that is wrong, 409 when the name is taken */
  public AlertRule create(Draft draft, String user) {
    validate(draft);
    return QuarkusTransaction.requiringNew().call(() -> {
      if (AlertRule.count("name", draft.name()) > 0) {
        throw ProblemException.conflict("an alert rule named \"" + draft.name() + "\" exists");
      }
      AlertRule rule = new AlertRule();
      rule.createdBy = user;
      rule.createdAt = Instant.now();
      copy(draft, rule);
      rule.persist();
      audit.record("alert-rule.create", "alert-rule:" + rule.id, details(rule));
      return rule;
    });
  }

  /** Replaces a rule's settings; its open alerts stay open until a window is evaluated under the new settings. */
  public AlertRule update(long id, Draft draft, String user) {
    validate(draft);
    return QuarkusTransaction.requiringNew().call(() -> {
      AlertRule rule = AlertRule.findById(id);
      if (rule == null) {
        throw ProblemException.notFound("alert rule", id);
      }
      if (!rule.name.equals(draft.name()) && AlertRule.count("name", draft.name()) > 0) {
        throw ProblemException.conflict("an alert rule named \"" + draft.name() + "\" exists");
      }
      copy(draft, rule);
      audit.record("alert-rule.update", "alert-rule:" + id, details(rule));
      return rule;
    });
  }

  /** Removes a rule and resolves its open alerts. */
  public void delete(long id, String user) {
    List<Alert> resolved = QuarkusTransaction.requiringNew().call(() -> {
      AlertRule rule = AlertRule.findById(id);
      if (rule == null) {
        throw ProblemException.notFound("alert rule", id);
      }
      List<Alert> closed = alerts.resolveAll(rule.name, "its rule was removed by " + user);
      rule.delete();
      audit.record("alert-rule.delete", "alert-rule:" + id, Map.of("name", rule.name));
      return closed;
    });
    alerts.announce(new AlertService.Changes(List.of(), resolved));
  }

  private static void validate(Draft draft) {
    if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 100) {
      throw ProblemException.invalid("name", "name is required, at most 100 characters");
    }
    List<String> statistics = draft.kind() == null ? null : AlertRule.STATISTICS.get(draft.kind());
    if (statistics == null) {
      throw ProblemException.invalid("kind", "kind must be one of " + AlertRule.STATISTICS.keySet().stream().sorted()
          .toList() + " but was \"" + draft.kind() + "\"");
    }
    if (!statistics.contains(draft.statistic())) {
      throw ProblemException.invalid("statistic", "a " + draft.kind() + " rule's statistic is one of " + statistics
          + " but was \"" + draft.statistic() + "\"");
    }
    if (!AlertRule.POLICY_SCOPE.equals(draft.scope()) && !AlertRule.CALLER_SCOPE.equals(draft.scope())) {
      throw ProblemException.invalid("scope", "scope must be policy or caller but was \"" + draft.scope() + "\"");
    }
    if (AlertRule.CALLER_SCOPE.equals(draft.scope()) && !AlertRule.ANOMALY.equals(draft.kind())) {
      throw ProblemException.invalid("scope", "only anomaly rules watch single callers; drift and OOD are per policy");
    }
    if (AlertRule.CALLER_SCOPE.equals(draft.scope()) && draft.policy() != null && !draft.policy().isBlank()) {
      throw ProblemException.invalid("policy", "a caller's counts are over every policy: leave policy out");
    }
    if (draft.threshold() == null || !Double.isFinite(draft.threshold()) || draft.threshold() <= 0) {
      throw ProblemException.invalid("threshold", "threshold must be a number > 0");
    }
    if (AlertRule.OOD_SHARE.equals(draft.statistic()) && draft.threshold() >= 1) {
      throw ProblemException.invalid("threshold", "an OOD share threshold is a share below 1");
    }
    if (draft.windowCount() != null && (draft.windowCount() < 1 || draft.windowCount() > 100)) {
      throw ProblemException.invalid("windowCount", "windowCount must be between 1 and 100");
    }
    if (draft.minSamples() != null && draft.minSamples() < 1) {
      throw ProblemException.invalid("minSamples", "minSamples must be at least 1");
    }
    if (!AlertRule.SEVERITIES.contains(draft.severity())) {
      throw ProblemException.invalid("severity", "severity must be one of " + AlertRule.SEVERITIES + " but was \""
          + draft.severity() + "\"");
    }
    if ((draft.referenceFrom() == null) != (draft.referenceTo() == null)) {
      throw ProblemException.invalid(draft.referenceFrom() == null ? "referenceFrom" : "referenceTo",
          "a reference range needs both referenceFrom and referenceTo");
    }
    if (draft.referenceFrom() != null) {
      if (!AlertRule.DRIFT.equals(draft.kind())) {
        throw ProblemException.invalid("referenceFrom", "only drift rules compare with a reference range");
      }
      if (!draft.referenceFrom().isBefore(draft.referenceTo())) {
        throw ProblemException.invalid("referenceTo", "referenceTo must be after referenceFrom");
      }
    }
  }

  private static void copy(Draft draft, AlertRule rule) {
    rule.name = draft.name();
    rule.kind = draft.kind();
    rule.statistic = draft.statistic();
    rule.scope = draft.scope();
    rule.policy = draft.policy() == null || draft.policy().isBlank() ? null : draft.policy();
    rule.threshold = draft.threshold();
    rule.windowCount = draft.windowCount() == null ? 1 : draft.windowCount();
    rule.minSamples = draft.minSamples() == null ? 30 : draft.minSamples();
    rule.severity = draft.severity();
    rule.referenceFrom = draft.referenceFrom();
    rule.referenceTo = draft.referenceTo();
    rule.enabled = draft.enabled() == null || draft.enabled();
  }

  private static Map<String, Object> details(AlertRule rule) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", rule.name);
    details.put("statistic", rule.kind + ":" + rule.statistic);
    details.put("scope", rule.scope);
    details.put("threshold", rule.threshold);
    details.put("windowCount", rule.windowCount);
    details.put("enabled", rule.enabled);
    return details;
  }
}
