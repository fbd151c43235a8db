package dev.assay.platform.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client behind a request, for per-address throttling and the metrics' loopback rule.
 *
 * <p>It is the peer's address unless the peer is one of {@code assay.http.trusted-proxies} (addresses or
 * CIDR ranges; none by default). From a trusted proxy, the client is read from X-Forwarded-For or
 * Forwarded: the nearest address in the chain that is not itself a trusted proxy, walking from the
 * right, since each proxy appends the address it was called from and anything further left is whatever
 * the client sent. From anyone else the headers are ignored, so a client cannot pick its own address.
 * When both headers are present and name different clients, neither is believed: the proxy is.
 */
@ApplicationScoped
public class ClientAddresses {
  private static final Pattern LITERAL_IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern LITERAL_IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final Pattern FORWARDED_FOR = Pattern.compile("(?i)^\\s*for\\s*=\\s*(.*)$");

  /** A range of addresses: a network and the number of leading bits that must match it. */
  private record Range(byte[] network, int prefix) {
    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      int mask = (0xff << (8 - rest)) & 0xff;
      return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> trustedProxies;

  public ClientAddresses(@ConfigProperty(name = "assay.http.trusted-proxies") Optional<List<String>> trustedProxies) {
    this.trustedProxies = trustedProxies.orElse(List.of()).stream()
        .map(String::trim).filter(entry -> !entry.isEmpty()).map(ClientAddresses::range).toList();
  }

  /** The client's address for a request that reached this server. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    return resolve(peer == null ? "" : peer.hostAddress(), request.headers().getAll("Forwarded"),
        request.headers().getAll("X-Forwarded-For"));
  }

  /**
   * The client's address given the peer's and the values of the forwarding headers, in the order they
   * came (each a comma-separated list).
   */
  public String resolve(String peer, List<String> forwarded, List<String> xForwardedFor) {
    InetAddress peerAddress = literal(peer);
    if (trustedProxies.isEmpty() || peerAddress == null || !trusted(peerAddress)) {
      return peer;
    }
    String fromForwarded = client(forwardedFor(forwarded), peerAddress);
    String fromXForwardedFor = client(elements(xForwardedFor), peerAddress);
    if (!forwarded.isEmpty() && !xForwardedFor.isEmpty() && !fromForwarded.equals(fromXForwardedFor)) {
      return peerAddress.getHostAddress();
    }
    return forwarded.isEmpty() ? fromXForwardedFor : fromForwarded;
  }

  /** The nearest hop of the chain that is not a trusted proxy; the last trusted one if a hop is unreadable. */
  private String client(List<String> chain, InetAddress peer) {
    InetAddress client = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hostOf(chain.get(i)));
      if (hop == null) {
        break;
      }
      client = hop;
      if (!trusted(hop)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  private boolean trusted(InetAddress address) {
    return trustedProxies.stream().anyMatch(range -> range.contains(address));
  }

  private static List<String> elements(List<String> values) {
    List<String> elements = new ArrayList<>();
    for (String value : values) {
      for (String element : value.split(",")) {
        elements.add(element.trim());
      }
    }
    return elements;
  }

  /** The for= of each element of Forwarded headers (RFC 7239); an element without one is unreadable. */
  private static List<String> forwardedFor(List<String> values) {
    List<String> fors = new ArrayList<>();
    for (String element : elements(values)) {
      String found = "";
      for (String pair : element.split(";")) {
        var matcher = FORWARDED_FOR.matcher(pair);
        if (matcher.matches()) {
          found = matcher.group(1).trim();
        }
      }
      fors.add(found);
    }
    return fors;
  }

  /** The host of a hop: unquoted, without brackets or port. */
  private static String hostOf(String hop) {
    String host = hop.trim();
    if (host.length() >= 2 && host.startsWith("\"") && host.endsWith("\"")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? "" : host.substring(1, end);
    }
    int colon = host.indexOf(':');
    // one colon: IPv4 with a port; more: a bare IPv6 address
    return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
  }

  /** The address a literal names, or null for anything else (a host name is never looked up). */
  private static InetAddress literal(String text) {
    if (text == null || !(LITERAL_IPV4.matcher(text).matches() || LITERAL_IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    InetAddress network = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("assay.http.trusted-proxies: \"" + entry
          + "\" is not an IP address or CIDR range (host names are not accepted)");
    }
    int bits = network.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("assay.http.trusted-proxies: \"" + entry
          + "\" has a prefix length outside 0-" + bits);
    }
    return new Range(network.getAddress(), prefix);
  }
}
