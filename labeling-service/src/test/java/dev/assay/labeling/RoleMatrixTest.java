package dev.assay.labeling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.labeling.support.Fixtures;
import dev.assay.labeling.support.Fixtures.User;
import dev.assay.platform.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every labeling endpoint: anonymous gets 401, each role not allowed gets 403, an allowed role gets 2xx. */
@QuarkusTest
class RoleMatrixTest {
  @Inject Fixtures fixtures;

  private record Call(String method, String path, Object body) {}

  private record Endpoint(String name, Set<String> allowed, String asRole, int expected, Supplier<Call> prepare) {}

  private Map<String, User> users;

  @Test
  void everyEndpointAnswers401Anonymous403ToOtherRolesAnd2xxToItsRoles() {
    User admin = fixtures.user(Roles.ADMIN, "m-admin");
    User rater = fixtures.user(Roles.RATER, "m-rater");
    users = Map.of(Roles.ADMIN, admin, Roles.RESEARCHER, fixtures.user(Roles.RESEARCHER, "m-researcher"),
        Roles.RATER, rater, Roles.SERVICE, fixtures.user(Roles.SERVICE, "m-service"));
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(2));
    String base = "/api/v1/campaigns/" + campaign;
    Set<String> adminOnly = Set.of(Roles.ADMIN);
    Set<String> readers = Set.of(Roles.ADMIN, Roles.RESEARCHER);
    Set<String> raterOnly = Set.of(Roles.RATER);
    Map<String, Object> settings = Map.of("name", "renamed-" + campaign, "criteria", List.of("helpfulness",
        "harmlessness"), "scale", "BINARY", "ratingsRequired", 1);

    List<Endpoint> endpoints = List.of(
        new Endpoint("create campaign", adminOnly, Roles.ADMIN, 201, () -> new Call("POST", "/api/v1/campaigns",
            Map.of("name", "m-" + System.nanoTime(), "criteria", List.of("honesty"), "scale", "BINARY",
                "ratingsRequired", 1))),
        new Endpoint("list campaigns", Set.of(Roles.ADMIN, Roles.RESEARCHER, Roles.RATER), Roles.RATER, 200,
            () -> new Call("GET", "/api/v1/campaigns", null)),
        new Endpoint("get campaign", readers, Roles.RESEARCHER, 200, () -> new Call("GET", base, null)),
        new Endpoint("update campaign", adminOnly, Roles.ADMIN, 200, () -> new Call("PUT", base, settings)),
        new Endpoint("change state", adminOnly, Roles.ADMIN, 200, () -> new Call("PUT",
            "/api/v1/campaigns/" + fixtures.draftCampaign(admin, Map.of(), fixtures.comparisons(1)) + "/state",
            Map.of("state", "ACTIVE"))),
        new Endpoint("get pool", adminOnly, Roles.ADMIN, 200, () -> new Call("GET", base + "/pool", null)),
        new Endpoint("replace pool", adminOnly, Roles.ADMIN, 200,
            () -> new Call("PUT", base + "/pool", Map.of("raters", List.of()))),
        new Endpoint("add items", adminOnly, Roles.ADMIN, 200,
            () -> new Call("POST", base + "/items", Map.of("comparisonIds", fixtures.comparisons(1)))),
        new Endpoint("add gold", adminOnly, Roles.ADMIN, 201, () -> new Call("POST", base + "/gold",
            Map.of("comparisonId", fixtures.comparisons(1).get(0), "choice", "A"))),
        new Endpoint("list gold", adminOnly, Roles.ADMIN, 200, () -> new Call("GET", base + "/gold", null)),
        new Endpoint("progress", readers, Roles.RESEARCHER, 200, () -> new Call("GET", base + "/progress", null)),
        new Endpoint("throughput", readers, Roles.RESEARCHER, 200, () -> new Call("GET", base + "/throughput", null)),
        new Endpoint("rater stats", readers, Roles.RESEARCHER, 200, () -> new Call("GET", base + "/raters", null)),
        new Endpoint("agreement", readers, Roles.RESEARCHER, 200, () -> new Call("GET", base + "/agreement", null)),
        new Endpoint("pause rater", adminOnly, Roles.ADMIN, 204,
            () -> new Call("POST", base + "/raters/someone-" + System.nanoTime() + "/pause", Map.of("reason", "test"))),
        new Endpoint("resume rater", adminOnly, Roles.ADMIN, 204, () -> {
          String name = "paused-" + System.nanoTime();
          as(admin).contentType(ContentType.JSON).body(Map.of()).post(base + "/raters/" + name + "/pause")
              .then().statusCode(204);
          return new Call("POST", base + "/raters/" + name + "/resume", null);
        }),
        new Endpoint("notifications", adminOnly, Roles.ADMIN, 200, () -> new Call("GET", "/api/v1/notifications", null)),
        new Endpoint("mark notification read", adminOnly, Roles.ADMIN, 204, () -> {
          as(admin).contentType(ContentType.JSON).body(Map.of()).post(base + "/raters/n-" + System.nanoTime() + "/pause")
              .then().statusCode(204);
          long id = as(admin).get("/api/v1/notifications").then().extract().jsonPath().getLong("[0].id");
          return new Call("POST", "/api/v1/notifications/" + id + "/read", null);
        }),
        new Endpoint("review queue", adminOnly, Roles.ADMIN, 200, () -> new Call("GET", base + "/reviews", null)),
        new Endpoint("review item", adminOnly, Roles.ADMIN, 200,
            () -> new Call("GET", "/api/v1/reviews/" + reviewItem(admin), null)),
        new Endpoint("adjudicate", adminOnly, Roles.ADMIN, 201, () -> new Call("POST",
            "/api/v1/reviews/" + reviewItem(admin) + "/adjudication", Map.of("choice", "TIE"))),
        new Endpoint("next task in campaign", raterOnly, Roles.RATER, 201, () -> new Call("POST",
            "/api/v1/campaigns/" + fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1)) + "/tasks/next",
            null)),
        new Endpoint("next task anywhere", raterOnly, Roles.RATER, 201, () -> {
          fixtures.activeCampaign(admin, Map.of("priority", 1000), fixtures.comparisons(1));
          return new Call("POST", "/api/v1/tasks/next", null);
        }),
        new Endpoint("get assignment", raterOnly, Roles.RATER, 200,
            () -> new Call("GET", "/api/v1/assignments/" + assignment(admin, rater), null)),
        new Endpoint("heartbeat", raterOnly, Roles.RATER, 200,
            () -> new Call("POST", "/api/v1/assignments/" + assignment(admin, rater) + "/heartbeat", null)),
        new Endpoint("release", raterOnly, Roles.RATER, 204,
            () -> new Call("POST", "/api/v1/assignments/" + assignment(admin, rater) + "/release", null)),
        new Endpoint("skip", raterOnly, Roles.RATER, 204, () -> new Call("POST",
            "/api/v1/assignments/" + assignment(admin, rater) + "/skip", Map.of("reason", "unreadable"))),
        new Endpoint("submit judgement", raterOnly, Roles.RATER, 201, () -> new Call("POST",
            "/api/v1/assignments/" + assignment(admin, rater) + "/judgement", Map.of("choice", "LEFT"))),
        new Endpoint("get judgement", raterOnly, Roles.RATER, 200, () -> {
          long assignment = assignment(admin, rater);
          fixtures.submit(rater, assignment, Map.of("choice", "RIGHT")).then().statusCode(201);
          return new Call("GET", "/api/v1/assignments/" + assignment + "/judgement", null);
        }),
        new Endpoint("own stats", raterOnly, Roles.RATER, 200,
            () -> new Call("GET", "/api/v1/me/campaigns/" + campaign + "/stats", null)));

    List<String> failures = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      Call call = endpoint.prepare().get();
      check(failures, endpoint, "anonymous", send(given(), call), 401);
      for (String role : List.of(Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.SERVICE)) {
        if (!endpoint.allowed().contains(role)) {
          check(failures, endpoint, role, send(as(users.get(role)), call), 403);
        }
      }
      check(failures, endpoint, endpoint.asRole(), send(as(users.get(endpoint.asRole())), endpoint.prepare().get()),
          endpoint.expected());
    }
    assertThat(failures).isEmpty();
  }

  private static void check(List<String> failures, Endpoint endpoint, String who, int status, int expected) {
    if (status != expected) {
      failures.add(endpoint.name() + " as " + who + ": " + status + " instead of " + expected);
    }
  }

  private static int send(RequestSpecification request, Call call) {
    if (call.body() != null) {
      request = request.contentType(ContentType.JSON).body(call.body());
    }
    return request.request(call.method(), call.path()).statusCode();
  }

  private static RequestSpecification as(User user) {
    return given().header("Authorization", user.bearer());
  }

  private long assignment(User admin, User rater) {
    long campaign = fixtures.activeCampaign(admin, Map.of(), fixtures.comparisons(1));
    return fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
  }

  /** A fresh review item: two raters split on the one comparison of a campaign with N = 2. */
  private long reviewItem(User admin) {
    long campaign = fixtures.activeCampaign(admin, Map.of("ratingsRequired", 2), fixtures.comparisons(1));
    String[] sides = {"LEFT", "RIGHT"};
    for (int i = 0; i < 2; i++) {
      User rater = fixtures.user(Roles.RATER, "split");
      long assignment = fixtures.next(rater, campaign).then().statusCode(201).extract().jsonPath().getLong("assignmentId");
      boolean goodLeft = as(rater).get("/api/v1/assignments/" + assignment).jsonPath().getString("left").startsWith("good");
      // one rater picks response A, the other response B
      String side = (i == 0) == goodLeft ? "LEFT" : "RIGHT";
      fixtures.submit(rater, assignment, Map.of("choice", side)).then().statusCode(201);
    }
    return as(admin).get("/api/v1/campaigns/" + campaign + "/reviews").then().statusCode(200).extract().jsonPath()
        .getLong("[0].id");
  }
}
