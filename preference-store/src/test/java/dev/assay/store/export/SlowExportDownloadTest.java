package dev.assay.store.export;

import static dev.assay.store.StoreTestSupport.jsonl;
import static dev.assay.store.StoreTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.ImportService;
import dev.assay.testing.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Export downloads whose clients stop reading must not take the database pool from everyone else. */
@QuarkusTest
class SlowExportDownloadTest {
  @Inject
  ImportService imports;

  @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
  int poolSize;

  @Test
  void stalledExportDownloadsBeyondThePoolSizeLeaveOtherCallsAnswering() throws Exception {
    // Larger than what the socket buffers on both sides hold, so a client that reads nothing stalls the
    // server's writes.
    String dataset = unique("slow-export");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String text = (i + " " + dataset + " ").repeat(1 + 20_000 / (dataset.length() + 6));
      lines.add("{\"prompt\": \"p" + i + " " + dataset + "\", \"chosen\": \"" + text + "\", \"rejected\": \"r\"}");
    }
    imports.importFile(jsonl("big.jsonl", lines), dataset, null, null, "test", read -> {});
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);

    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < poolSize + 2; i++) {
        stalled.add(stalledDownload(researcher, "/api/v1/datasets/" + dataset + "/export?format=trl"));
      }
      // Every download has started sending (its first byte arrived) and then stopped being read.
      for (Socket socket : stalled) {
        assertThat(socket.getInputStream().read()).isNotNegative();
      }

      long started = System.nanoTime();
      Response datasets = given().header("Authorization", researcher).get("/api/v1/datasets");
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(datasets.statusCode()).as(datasets.asString()).isEqualTo(200);
      assertThat(millis).as("answer time with %d stalled downloads", stalled.size()).isLessThan(5_000);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  /** Sends the request and then reads (almost) nothing, through a tiny receive window. */
  private static Socket stalledDownload(String authorization, String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.setSoTimeout(60_000);
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), RestAssured.port));
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }
}
