package dev.assay.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted reverse proxy (here 127.0.0.1) each client is throttled by its own forwarded address,
 * and the metrics' loopback rule holds for the client, not the proxy.
 */
@QuarkusTest
@TestProfile(ForwardedClientTest.BehindAProxy.class)
class ForwardedClientTest {
  private static final String PROXY = "127.0.0.1";

  public static class BehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("assay.http.trusted-proxies", PROXY);
    }
  }

  private static String bogusKey() {
    return "Bearer assay_" + UUID.randomUUID().toString().substring(0, 6) + "_guess";
  }

  private static int viaProxy(String forwardedFor, String authorization) {
    return RawHttp.get(PROXY, PROXY, "/api/v1/datasets", authorization, "X-Forwarded-For: " + forwardedFor).status();
  }

  @Test
  void badKeysFromOneForwardedClientThrottleItWhileAnotherGetsThrough() {
    String a = "198.51.100.7";
    String b = "198.51.100.8";
    int refusedAt = -1;
    for (int i = 0; i < 100 && refusedAt < 0; i++) {
      int status = viaProxy(a, bogusKey());
      if (status == 429) {
        refusedAt = i;
      } else {
        assertThat(status).isEqualTo(401);
      }
    }
    assertThat(refusedAt).as("attempts before client A was throttled").isBetween(5, 50);

    assertThat(viaProxy(b, bogusKey())).as("client B, behind the same proxy").isEqualTo(401);
    assertThat(viaProxy(b, TestIdentities.bearer(Roles.RESEARCHER))).isEqualTo(200);
    // A cannot become someone else by sending its own header: the proxy appends the address A came from
    assertThat(viaProxy("203.0.113.99, " + a, bogusKey())).isEqualTo(429);
    // the proxy itself, without a forwarded client, is not throttled by A's attempts
    assertThat(RawHttp.get(PROXY, "/api/v1/datasets", bogusKey()).status()).isEqualTo(401);
  }

  @Test
  void theMetricsLoopbackRuleJudgesTheForwardedClient() {
    assertThat(RawHttp.get(PROXY, "/q/metrics", "none").status()).isEqualTo(200);
    assertThat(RawHttp.get(PROXY, PROXY, "/q/metrics", "none", "X-Forwarded-For: 198.51.100.7").status()).isEqualTo(403);
    assertThat(RawHttp.get(PROXY, PROXY, "/q/metrics", "none", "X-Forwarded-For: 127.0.0.1, 198.51.100.7").status())
        .isEqualTo(403);
  }
}
