package dev.assay.app.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Without a metrics token, {@code /q/metrics} answers callers on this machine (a Prometheus beside a
 * loopback demo) and refuses every other address, with a problem that says how to open it.
 */
@QuarkusTest
@TestProfile(MetricsAccessTest.AllInterfaces.class)
class MetricsAccessTest {
  /** Served on every interface, as {@code ./assay up --host 0.0.0.0} does, so another address can call at all. */
  public static class AllInterfaces implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.host", "0.0.0.0");
    }
  }

  @Test
  void aLoopbackCallerReadsTheMetricsWithoutCredentials() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
    assertThat(RawHttp.get("127.0.0.7", "/q/metrics", "none").status()).isEqualTo(200);
  }

  @Test
  void aCallerFromAnotherAddressIsRefusedAndToldAboutTheToken() {
    Optional<InetAddress> own = nonLoopbackAddress();
    Assumptions.assumeTrue(own.isPresent(), "skipped: this machine has no non-loopback IPv4 address to call from");
    String address = own.get().getHostAddress();

    RawHttp.Answer answer = RawHttp.get(address, address, "/q/metrics", "none");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(RawHttp.get(address, address, "/q/metrics", "none", "X-Forwarded-For: 127.0.0.1").status())
        .as("a forwarding header from a caller that is no trusted proxy").isEqualTo(403);
    assertThat(RawHttp.get(address, address, "/q/health/live", "none").status())
        .as("the same caller reaches other endpoints").isEqualTo(200);
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      return NetworkInterface.networkInterfaces().filter(MetricsAccessTest::up)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean up(NetworkInterface network) {
    try {
      return network.isUp() && !network.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
