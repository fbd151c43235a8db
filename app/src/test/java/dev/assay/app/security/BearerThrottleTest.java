package dev.assay.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Guessing API keys is cheap to refuse: an unknown key is looked up in the database once, not per
 * request, and an address that keeps presenting bad keys is told to wait (429) without any lookup.
 */
@QuarkusTest
class BearerThrottleTest {
  private static double lookups() {
    var counter = Metrics.globalRegistry.find("assay.api.key.lookups").counter();
    assertThat(counter).as("the key lookup counter").isNotNull();
    return counter.count();
  }

  @Test
  void anUnknownKeyIsLookedUpOnceWithinTheNegativeCacheTime() {
    String bogus = "Bearer assay_" + UUID.randomUUID().toString().substring(0, 6) + "_nothing";
    assertThat(RawHttp.get("127.0.0.5", "/api/v1/datasets", bogus).status()).isEqualTo(401);
    double after = lookups();

    assertThat(RawHttp.get("127.0.0.5", "/api/v1/datasets", bogus).status()).isEqualTo(401);
    assertThat(RawHttp.get("127.0.0.6", "/api/v1/datasets", bogus).status()).isEqualTo(401);

    assertThat(lookups()).isEqualTo(after);
  }

  @Test
  void manyBadKeysFromOneAddressAreToldToWaitWhileAGoodKeyFromAnotherAddressWorks() {
    String good = TestIdentities.bearer(Roles.RESEARCHER);
    int refusedAt = -1;
    for (int i = 0; i < 100 && refusedAt < 0; i++) {
      String bogus = "Bearer assay_" + UUID.randomUUID().toString().substring(0, 6) + "_guess" + i;
      RawHttp.Answer answer = RawHttp.get("127.0.0.3", "/api/v1/datasets", bogus);
      if (answer.status() == 429) {
        refusedAt = i;
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(Integer.parseInt(answer.headers().get("retry-after"))).isPositive();
      } else {
        assertThat(answer.status()).isEqualTo(401);
      }
    }
    assertThat(refusedAt).as("attempts before the address was throttled").isBetween(5, 50);

    double before = lookups();
    String another = "Bearer assay_" + UUID.randomUUID().toString().substring(0, 6) + "_another";
    assertThat(RawHttp.get("127.0.0.3", "/api/v1/datasets", another).status()).isEqualTo(429);
    assertThat(lookups()).as("a throttled address costs no lookup").isEqualTo(before);

    assertThat(RawHttp.get("127.0.0.4", "/api/v1/datasets", good).status()).isEqualTo(200);
    // no proxy is trusted: a forged X-Forwarded-For does not make the throttled address someone else
    assertThat(RawHttp.get("127.0.0.3", "127.0.0.1", "/api/v1/datasets", another, "X-Forwarded-For: 198.51.100.1")
        .status()).isEqualTo(429);
  }
}
