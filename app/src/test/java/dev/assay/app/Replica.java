package dev.assay.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A second replica of the packaged application ({@code serve}, test profile, the same database) on a
 * port of its own, for the tests that kill one. Its output is appended to {@code log}, so a replica
 * started again after a kill adds to the first one's log.
 */
final class Replica {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Replica() {}

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code serve} on the port with the given extra system properties ({@code name=value}). */
  static Process start(int port, Path log, String... properties) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED", "-Dquarkus.profile=test",
        "-Dquarkus.flyway.clean-at-start=false", "-Dquarkus.http.port=" + port));
    for (String property : properties) {
      command.add("-D" + property);
    }
    command.addAll(List.of("-jar", JAR.toString(), "serve"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Waits up to 90 s for the replica's readiness; fails with its log when it exits or never gets there. */
  static void awaitReady(Process replica, URI uri, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    HttpRequest health = HttpRequest.newBuilder(uri.resolve("q/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      assertThat(replica.isAlive()).as("replica exited: %s", Files.readString(log)).isTrue();
      assertThat(Instant.now()).as("replica not ready: %s", Files.readString(log)).isBefore(deadline);
      try {
        if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // starting
      }
      Thread.sleep(250);
    }
  }
}
