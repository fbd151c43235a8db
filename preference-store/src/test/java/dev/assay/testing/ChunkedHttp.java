package dev.assay.testing;

import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A POST whose body is sent chunked, without Content-Length, as streaming clients (curl -T -, HTTP
 * libraries given a stream) send it; REST Assured always sends a length.
 */
public final class ChunkedHttp {
  private static final int CHUNK = 64 * 1024;

  private ChunkedHttp() {}

  /** The status, headers (lower-case names) and body of the answer. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  /** Sends the whole body, then the last chunk, and reads the answer. */
  public static Answer post(String path, String authorization, String contentType, byte[] body) {
    return send(path, authorization, contentType, body, true);
  }

  /**
   * Sends the body but never the chunk that ends it: only a server that answers before a body has
   * ended, as it must past a limit, answers at all.
   */
  public static Answer postUnfinished(String path, String authorization, String contentType, byte[] body) {
    return send(path, authorization, contentType, body, false);
  }

  private static Answer send(String path, String authorization, String contentType, byte[] body, boolean finish) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), RestAssured.port), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
          + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // written by another thread, so an answer that comes before the body is sent is read as it comes
      Thread writer = Thread.ofPlatform().daemon().start(() -> writeChunks(out, body, finish));
      Answer answer = read(new BufferedInputStream(socket.getInputStream()));
      writer.interrupt();
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeChunks(OutputStream out, byte[] body, boolean finish) {
    try {
      for (int offset = 0; offset < body.length; offset += CHUNK) {
        int length = Math.min(CHUNK, body.length - offset);
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      if (finish) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException e) {
      // the server answered and closed the connection before the whole body was sent
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream decoded = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        decoded.write(in.readNBytes(size));
        line(in);
      }
      body = decoded.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed within a line of the answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
