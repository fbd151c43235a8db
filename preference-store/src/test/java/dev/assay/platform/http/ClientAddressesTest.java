package dev.assay.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Forwarding headers count from trusted proxies only, and only the hops those proxies added. */
class ClientAddressesTest {
  private static ClientAddresses trusting(String... proxies) {
    return new ClientAddresses(proxies.length == 0 ? Optional.empty() : Optional.of(List.of(proxies)));
  }

  @Test
  void withoutTrustedProxiesTheHeadersAreIgnored() {
    ClientAddresses addresses = trusting();
    assertThat(addresses.resolve("127.0.0.1", List.of("for=198.51.100.7"), List.of("198.51.100.7")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void aTrustedProxyNamesTheClientAndOnlyTheHopItAddedCounts() {
    ClientAddresses addresses = trusting("127.0.0.1");
    assertThat(addresses.resolve("127.0.0.1", List.of(), List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    // a client that sends its own header gets the proxy's hop appended: the chosen address is ignored
    assertThat(addresses.resolve("127.0.0.1", List.of(), List.of("127.0.0.1, 203.0.113.9", "198.51.100.7")))
        .isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("127.0.0.1", List.of("for=192.0.2.1, for=198.51.100.7;proto=https"), List.of()))
        .isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("127.0.0.1", List.of("for=\"[2001:db8::17]:4711\""), List.of()))
        .isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(addresses.resolve("127.0.0.1", List.of(), List.of("198.51.100.7:51234"))).isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("127.0.0.1", List.of(), List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItSends() {
    ClientAddresses addresses = trusting("127.0.0.1", "10.0.0.0/8");
    assertThat(addresses.resolve("192.0.2.50", List.of("for=127.0.0.1"), List.of("127.0.0.1"))).isEqualTo("192.0.2.50");
  }

  @Test
  void aChainOfTrustedProxiesIsWalkedToTheFirstUntrustedHop() {
    ClientAddresses addresses = trusting("10.0.0.0/8");
    assertThat(addresses.resolve("10.0.0.2", List.of(), List.of("203.0.113.9, 198.51.100.7, 10.1.2.3")))
        .isEqualTo("198.51.100.7");
    // an unreadable hop ends the walk at the last trusted one
    assertThat(addresses.resolve("10.0.0.2", List.of(), List.of("unknown, 10.1.2.3"))).isEqualTo("10.1.2.3");
  }

  @Test
  void headersThatDisagreeAreNotBelieved() {
    ClientAddresses addresses = trusting("127.0.0.1");
    assertThat(addresses.resolve("127.0.0.1", List.of("for=203.0.113.9"), List.of("198.51.100.7")))
        .isEqualTo("127.0.0.1");
    assertThat(addresses.resolve("127.0.0.1", List.of("for=198.51.100.7"), List.of("198.51.100.7")))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressOrRangeIsRefusedAtStart() {
    assertThatThrownBy(() -> trusting("proxy.example.com")).hasMessageContaining("assay.http.trusted-proxies");
    assertThatThrownBy(() -> trusting("10.0.0.0/33")).hasMessageContaining("prefix length");
  }
}
