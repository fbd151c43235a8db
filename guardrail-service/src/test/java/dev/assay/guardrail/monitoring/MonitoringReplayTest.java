package dev.assay.guardrail.monitoring;

import static dev.assay.store.StoreTestSupport.sharedFile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.decision.GuardrailService;
import dev.assay.guardrail.defaults.DefaultPolicy;
import dev.assay.guardrail.defaults.DefaultPolicyInstaller;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.alert.SignalPoint;
import dev.assay.guardrail.monitoring.evaluation.WindowEvaluator;
import dev.assay.guardrail.monitoring.window.MonitoringWindows;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Message;
import dev.assay.testing.TestClock;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.training.CsvCells;
import dev.assay.trainer.training.LabeledTexts;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A day of real traffic through the shipped default policy, window by window on the test clock: AlpacaEval
 * instructions answered by four models (stationary), then the same instructions answered by GPTFuzz's
 * jailbreak responses that complied, then one API key sending jailbreak prompts (GPTFuzz templates around its
 * harmful questions). Skipped when the shared data is absent.
 */
@QuarkusTest
class MonitoringReplayTest {
  private static final Logger LOG = Logger.getLogger(MonitoringReplayTest.class);
  private static final int CHECKS_PER_WINDOW = 40;
  private static final int STATIONARY_WINDOWS = 24;
  private static final List<String> MODELS = List.of("Meta-Llama-3-8B-Instruct", "Mistral-7B-Instruct-v0.2",
      "alpaca-farm-ppo-human", "gpt4_1106_preview");

  private record Exchange(String prompt, String response) {}

  @Inject DefaultPolicyInstaller installer;
  @Inject PolicyService policies;
  @Inject GuardrailService guardrail;
  @Inject WindowEvaluator evaluator;
  @Inject MonitoringWindows windows;
  @Inject AlertService alerts;
  @Inject TestClock clock;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;

  @Test
  void aStationaryDayRaisesNoAlertJailbreakResponsesRaiseDriftAndAProbingKeyIsNamed() throws IOException, SQLException {
    List<Exchange> alpaca = alpacaExchanges();
    List<String> jailbreakResponses = column("safety/jailbreak-responses-dev.csv.gz", "Response", "label", "1");
    List<String> templates = column("safety/jailbreak-templates-dev.csv.gz", "text", null, null);
    List<String> questions = column("safety/harmful-questions-dev.csv.gz", "text", null, null);
    Random random = new Random(21);
    Collections.shuffle(alpaca, random);
    Collections.shuffle(jailbreakResponses, random);
    String policy = copyOfTheDefaultPolicy();
    String stream = "stream-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = MonitoringClock.startFreshWindow(clock, windows, dataSource);

    int next = 0;
    for (int window = 0; window < STATIONARY_WINDOWS; window++) {
      for (int i = 0; i < CHECKS_PER_WINDOW; i++, next++) {
        Exchange exchange = alpaca.get(next % alpaca.size());
        check(policy, stream, exchange.prompt(), exchange.response());
      }
      closeWindow();
    }
    logLargestSignals(policy, start);
    assertThat(alerts(policy, null)).as("alerts on a stationary day").isEmpty();
    assertThat(alerts(null, stream)).as("alerts on the stream's caller on a stationary day").isEmpty();

    List<Alert> drift = List.of();
    int windowsToDrift = 0;
    while (drift.isEmpty() && windowsToDrift < 2) {
      for (int i = 0; i < CHECKS_PER_WINDOW; i++, next++) {
        check(policy, stream, alpaca.get(next % alpaca.size()).prompt(),
            jailbreakResponses.get(next % jailbreakResponses.size()));
      }
      closeWindow();
      windowsToDrift++;
      drift = alerts(policy, null).stream().filter(a -> "drift".equals(a.kind())).toList();
    }
    assertThat(drift).as("a drift alert within two windows of jailbreak responses").isNotEmpty();
    assertThat(drift).extracting(a -> a.labels().get("check")).contains("harmful-compliance");
    LOG.infof("Drift alerts after %d windows of jailbreak responses: %s", windowsToDrift,
        drift.stream().map(Alert::summary).toList());

    String prober = "prober-" + UUID.randomUUID().toString().substring(0, 8);
    String proberKey = "Bearer " + TestIdentities.key(Roles.SERVICE, prober);
    for (int i = 0; i < CHECKS_PER_WINDOW; i++, next++) {
      Exchange exchange = alpaca.get(next % alpaca.size());
      check(policy, stream, exchange.prompt(), exchange.response());
    }
    for (int i = 0; i < 20; i++) {
      String prompt = templates.get(random.nextInt(templates.size()))
          .replace("[INSERT PROMPT HERE]", questions.get(random.nextInt(questions.size())));
      given().header("Authorization", proberKey).contentType(ContentType.JSON)
          .body(Map.of("prompt", prompt, "response", "I can't help with that.", "policy", policy))
          .post("/api/v1/guardrail/check").then().statusCode(200);
    }
    closeWindow();

    List<Alert> probing = alerts(null, prober);
    assertThat(probing).as("an anomaly alert naming the probing key").isNotEmpty()
        .allSatisfy(a -> assertThat(a.kind()).isEqualTo("anomaly"))
        .extracting(Alert::rule).contains("caller-detector-anomaly");
    assertThat(probing.getFirst().summary()).contains(prober);
    LOG.infof("Probing alerts: %s", probing.stream().map(Alert::summary).toList());
  }

  private void closeWindow() {
    clock.advance(windows.length());
    evaluator.tick();
  }

  private void check(String policy, String caller, String prompt, String response) {
    guardrail.check(List.of(Message.user(prompt)), response, policy, null, caller, null, false);
  }

  private List<Alert> alerts(String policy, String caller) {
    return alerts.list(new AlertService.Filter(null, null, null, null, policy, caller, null, 100));
  }

  /** The shipped default policy under a name of this run, so its windows and baseline are this test's own. */
  private String copyOfTheDefaultPolicy() {
    installer.installIfAbsent();
    PolicyDocument shipped = PolicyDocuments.fromMap(policies.resolve(DefaultPolicy.NAME, 1).document);
    String name = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    policies.createDocument(name, new PolicyDocument(name, shipped.description(), shipped.fallbackResponse(),
        shipped.onError(), shipped.uncertain(), shipped.input(), shipped.output()), "test");
    return name;
  }

  /** For the report: the largest value each rule reached on the stationary day, against its threshold. */
  private void logLargestSignals(String policy, Instant from) {
    List<SignalPoint> signals = alerts.signals(from, clock.instant(), null, policy);
    Map<String, SignalPoint> largest = new TreeMap<>(signals.stream().collect(Collectors.toMap(SignalPoint::rule,
        s -> s, (a, b) -> a.value() >= b.value() ? a : b)));
    largest.forEach((rule, s) -> LOG.infof("Stationary day, %s: largest %.3f (threshold %.3f) on %s", rule, s.value(),
        s.threshold(), s.subject()));
    assertThat(signals).as("signals computed for the stationary day").isNotEmpty();
  }

  private List<Exchange> alpacaExchanges() throws IOException {
    List<Exchange> exchanges = new ArrayList<>();
    for (String model : MODELS) {
      Path file = sharedFile("alpaca-eval-outputs/" + model + ".json.gz");
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        for (JsonNode record : json.readTree(in)) {
          exchanges.add(new Exchange(record.path("instruction").asText(), record.path("output").asText()));
        }
      }
    }
    exchanges.sort(Comparator.comparing(Exchange::prompt).thenComparing(Exchange::response));
    return exchanges;
  }

  /** One column of a shared CSV, of the rows whose {@code filter} column equals {@code value} (all rows if null). */
  private static List<String> column(String file, String column, String filter, String value) throws IOException {
    List<String> values = new ArrayList<>();
    try (BufferedReader in = LabeledTexts.open(sharedFile(file))) {
      CsvCells cells = new CsvCells(in);
      List<String> header = cells.row();
      int wanted = header.indexOf(column);
      int filtered = filter == null ? -1 : header.indexOf(filter);
      List<String> row;
      while ((row = cells.row()) != null) {
        if (row.size() == header.size() && !row.get(wanted).isBlank()
            && (filtered < 0 || value.equals(row.get(filtered).strip()))) {
          values.add(row.get(wanted));
        }
      }
    }
    return values;
  }
}
