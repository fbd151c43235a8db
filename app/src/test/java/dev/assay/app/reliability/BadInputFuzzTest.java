package dev.assay.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.app.reliability.ApiOperations.Operation;
import dev.assay.app.reliability.BadInputs.BadRequest;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated bad inputs, at least {@value #PER_FAMILY} per area of the API (one dynamic test per area):
 * every answer is a 4xx problem+json, never a 5xx, and no table that holds data changes. Uploads get
 * files with one broken line: the import fails naming that line and leaves no dataset behind.
 */
@QuarkusTest
class BadInputFuzzTest {
  static final int PER_FAMILY = 200;
  private static final long SEED = 20261205L;
  /** Tables that record what happened (jobs, events, audit) rather than hold data: they may grow. */
  // Also the monitoring tables: every 10 s the scheduler flushes and evaluates the windows of decisions that
  // earlier tests made, whatever this test sends.
  private static final Set<String> LOGS = Set.of(
      "flyway_schema_history", "import_job", "outbox_event", "notification", "guardrail_audit", "guardrail_decision_trace",
      "training_epoch", "guardrail_monitoring_window", "guardrail_monitoring_caller_window", "guardrail_monitoring_evaluation",
      "guardrail_monitoring_signal");

  @Inject DataSource dataSource;
  @Inject IdentityService identities;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> keys = new HashMap<>();

  /** Bodies these operations accept, so that breaking one field tests that field's own handling. */
  private final Map<String, Map<String, Object>> validBodies = new HashMap<>();

  @TestFactory
  Stream<DynamicTest> everyAreaRefusesBadInputWithProblemJsonAndChangesNothing() {
    for (String role : Roles.ALL) {
      keys.put(role, TestIdentities.bearer(role));
    }
    String owner = "fuzz-owner-" + SEED;
    identities.createUser(owner, "fuzz-owner-password", List.of(Roles.RATER));
    validBodies.put("POST /api/v1/admin/users",
        Map.of("username", "fuzz-user", "password", "a long enough password", "roles", List.of(Roles.RATER)));
    validBodies.put("POST /api/v1/admin/api-keys", Map.of("owner", owner, "role", Roles.RATER, "label", "fuzz"));
    validBodies.put("POST /api/v1/campaigns", Map.of("name", "fuzz campaign", "guidelines", "Pick the better one.",
        "criteria", List.of("helpfulness"), "scale", "BINARY", "ratingsRequired", 1, "goldRate", 0,
        "leaseSeconds", 60));
    validBodies.put("POST /api/v1/guardrail/policies", Map.of("name", "fuzz-policy", "threshold", 0.5,
        "action", "flag", "on_no_model", "fail-open", "description", "a policy for bad input"));
    Map<String, List<Operation>> families = ApiOperations.all().stream()
        .filter(operation -> !operation.roles().isEmpty())
        .collect(Collectors.groupingBy(Operation::family, TreeMap::new, Collectors.toList()));
    assertThat(families).as("areas of the API").hasSizeGreaterThan(5);
    BadInputs generator = new BadInputs(SEED);
    return families.entrySet().stream().map(family -> DynamicTest.dynamicTest(family.getKey(),
        () -> fuzz(family.getKey(), family.getValue(), generator)));
  }

  private void fuzz(String family, List<Operation> operations, BadInputs generator) throws Exception {
    Map<String, Long> before = rowCounts();
    List<BadRequest> inputs = new ArrayList<>();
    List<Operation> uploads = operations.stream().filter(BadInputFuzzTest::isUpload).toList();
    for (Operation operation : operations) {
      if (!isUpload(operation)) {
        inputs.addAll(generator.systematic(operation, Map.of(), validBodies.get(operation.toString())));
      }
    }
    List<Operation> breakable = operations.stream().filter(o -> !isUpload(o)).filter(BadInputs::breakable).toList();
    int uploadsSent = 0;
    List<String> failures = new ArrayList<>();
    if (!uploads.isEmpty()) {
      uploadsSent = BrokenUploads.check(uploads.getFirst(), key(uploads.getFirst()), PER_FAMILY / 2, SEED, failures);
    }
    for (int i = 0; inputs.size() + uploadsSent < PER_FAMILY && !breakable.isEmpty(); i++) {
      inputs.add(generator.randomized(breakable.get(i % breakable.size()), Map.of()));
    }
    for (BadRequest input : inputs) {
      String verdict = verdict(input);
      if (verdict != null) {
        failures.add(input + " -> " + verdict);
      }
    }
    Map<String, Long> after = rowCounts();
    int fuzzed = inputs.size() + uploadsSent;
    System.out.printf("reliability: fuzzed %d bad inputs on %s (%d operations), %d answered wrongly%n",
        fuzzed, family, operations.size(), failures.size());
    assertThat(fuzzed).as("bad inputs generated for " + family).isGreaterThanOrEqualTo(PER_FAMILY);
    assertThat(failures).as("answers that were not a 4xx problem").isEmpty();
    assertThat(after).as("row counts after bad input").isEqualTo(before);
  }

  /** Null when the answer is right (a 4xx problem+json), otherwise what was wrong. */
  private String verdict(BadRequest input) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + input.path()))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", key(input.operation()));
    HttpRequest.BodyPublisher body = input.body() == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(input.body());
    if (input.contentType() != null) {
      request.header("Content-Type", input.contentType());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.method(input.operation().method(), body).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return "no answer: " + e;
    }
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (status < 400 || status >= 500) {
      return status + " " + abbreviate(response.body());
    }
    if (!type.startsWith("application/problem+json")) {
      return status + " as " + type + ": " + abbreviate(response.body());
    }
    return null;
  }

  private String key(Operation operation) {
    // the most powerful role the operation admits: bad input must be refused even for an admin
    for (String role : List.of(Roles.ADMIN, Roles.RESEARCHER, Roles.SERVICE, Roles.RATER)) {
      if (operation.roles().contains(role)) {
        return keys.get(role);
      }
    }
    return keys.get(operation.roles().getFirst());
  }

  private static boolean isUpload(Operation operation) {
    return operation.method().equals("POST") && operation.path().endsWith("/imports");
  }

  private Map<String, Long> rowCounts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery(
          "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")) {
        while (rs.next()) {
          if (!LOGS.contains(rs.getString(1)) && !rs.getString(1).contains("audit")) {
            tables.add(rs.getString(1));
          }
        }
      }
      for (String table : tables) {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
