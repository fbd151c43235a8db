package dev.assay.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.IdentityService.LoginResult;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Password guessing is throttled per user name and per client address; unknown names cost a bcrypt too. */
@QuarkusTest
class LoginThrottleTest {
  private static final String PASSWORD = "correct-horse-battery";

  @Inject IdentityService identities;

  private String newUser() {
    String name = "login-" + UUID.randomUUID().toString().substring(0, 8);
    identities.createUser(name, PASSWORD, List.of(Roles.RATER));
    return name;
  }

  @Test
  void afterFiveFailuresForAUserEvenTheRightPasswordIsRefusedFromAnyAddress() {
    String user = newUser();
    for (int i = 0; i < 5; i++) {
      assertThat(identities.login(user, "wrong-guess-" + i, "10.9.0." + i)).isInstanceOf(LoginResult.Refused.class);
    }
    LoginResult later = identities.login(user, PASSWORD, "10.9.1.1");
    assertThat(later).isInstanceOf(LoginResult.Throttled.class);
    assertThat(((LoginResult.Throttled) later).retryAfterSeconds()).isPositive();

    String other = newUser();
    assertThat(identities.login(other, PASSWORD, "10.9.1.2")).isInstanceOf(LoginResult.Accepted.class);
  }

  @Test
  void anAddressThatFailsForManyUserNamesIsRefusedEvenForAValidLogin() {
    String address = "10.8." + (int) (Math.random() * 250) + ".7";
    for (int i = 0; i < 20; i++) {
      assertThat(identities.login("nobody-" + UUID.randomUUID(), PASSWORD, address))
          .isInstanceOf(LoginResult.Refused.class);
    }
    String user = newUser();
    assertThat(identities.login(user, PASSWORD, address)).isInstanceOf(LoginResult.Throttled.class);
    assertThat(identities.login(user, PASSWORD, "10.8.251.1")).isInstanceOf(LoginResult.Accepted.class);
  }

  @Test
  void anUnknownUserNameTakesAsLongAsAWrongPasswordForAKnownOne() {
    String user = newUser();
    // warm both paths once, then compare medians: bcrypt dominates a known user's check by far
    identities.login(user, "warm-up-guess", "10.7.0.1");
    identities.login("nobody-warm", "warm-up-guess", "10.7.0.2");
    long known = median(() -> identities.login(user + "", "wrong-" + UUID.randomUUID(), "10.7.1.1"), 4);
    long unknown = median(() -> identities.login("nobody-" + UUID.randomUUID(), "wrong", "10.7.2.1"), 9);
    assertThat(unknown).as("unknown-user median %d ns against known-user %d ns", unknown, known)
        .isGreaterThan(known / 3);
  }

  private static long median(Supplier<LoginResult> attempt, int times) {
    long[] nanos = new long[times];
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      attempt.get();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[times / 2];
  }
}
