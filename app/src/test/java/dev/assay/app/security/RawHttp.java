package dev.assay.app.security;

import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One HTTP/1.1 request sent from a chosen loopback address (127.0.0.x), so a test can play several
 * clients, or to one of this machine's other addresses, so it comes from that address rather than
 * loopback; REST Assured always connects from 127.0.0.1.
 */
final class RawHttp {
  private RawHttp() {}

  /** The status and headers (lower-case names) of the answer. */
  record Answer(int status, Map<String, String> headers) {}

  static Answer get(String fromAddress, String path, String authorization) {
    return get(fromAddress, "127.0.0.1", path, authorization);
  }

  /**
   * A GET from one of this machine's addresses to another (the same one: a non-loopback caller), with any
   * further header lines ("Name: value").
   */
  static Answer get(String fromAddress, String toAddress, String path, String authorization, String... headers) {
    return send(fromAddress, toAddress, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
        + "\r\n" + Stream.of(headers).map(header -> header + "\r\n").collect(Collectors.joining())
        + "Connection: close\r\n\r\n");
  }

  private static Answer send(String fromAddress, String toAddress, String request) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName(toAddress), RestAssured.port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      int status = Integer.parseInt(reader.readLine().split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      return new Answer(status, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
