package dev.assay.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers PostgreSQL and RabbitMQ: with the database unreachable it reports DOWN and says
 * why, and it comes back UP by itself once the database is reachable again. The app reaches the real
 * PostgreSQL through a proxy that the test cuts, so other tests' server keeps running.
 */
@QuarkusTest
@TestProfile(ReadinessTest.DatabaseBehindProxy.class)
class ReadinessTest {
  static TcpProxy proxy;

  public static class DatabaseBehindProxy implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ProxyResource.class));
    }
  }

  public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try {
        proxy = new TcpProxy(5432);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String url = System.getenv().getOrDefault("ASSAY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/assay_test");
      return Map.of("quarkus.datasource.jdbc.url", url.replace(":5432/", ":" + proxy.port() + "/"));
    }

    @Override
    public void stop() {
      try {
        proxy.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void readinessFollowsTheDatabaseDownAndBackUp() throws Exception {
    JsonPath up = awaitReadiness(200);
    assertThat(checkNames(up)).anySatisfy(name -> assertThat(name).containsIgnoringCase("database"));
    assertThat(checkNames(up)).anySatisfy(name -> assertThat(name).containsIgnoringCase("messaging"));

    proxy.cut();
    try {
      JsonPath down = awaitReadiness(503);
      assertThat(down.getString("status")).isEqualTo("DOWN");
      String databaseCheck = down.getString("checks.find { it.name.toLowerCase().contains('database') }.data");
      assertThat(databaseCheck).as("the DOWN check says why").isNotBlank();
    } finally {
      proxy.restore();
    }

    assertThat(awaitReadiness(200).getString("status")).isEqualTo("UP");
  }

  private static List<String> checkNames(JsonPath health) {
    return health.getList("checks.name");
  }

  private static JsonPath awaitReadiness(int status) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      var response = given().get("/q/health/ready");
      if (response.statusCode() == status || Instant.now().isAfter(deadline)) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        return response.jsonPath();
      }
      Thread.sleep(500);
    }
  }
}
