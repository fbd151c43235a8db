package dev.assay.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.app.launcher.Launcher.Run;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ./assay up} serves on loopback only unless told otherwise: a fresh demo is not on the network. */
class LauncherUpIT {
  private static final Path STATE = Path.of("target/up-it").toAbsolutePath();

  @Test
  void upListensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> external = NetworkInterface.networkInterfaces()
        .filter(LauncherUpIT::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
    assumeTrue(external.isPresent(), "this machine has no network address besides loopback: nothing to check");
    int port = freePort();
    Map<String, String> env = Launcher.environment(STATE);
    env.put("ASSAY_HTTP_PORT", Integer.toString(port));
    try {
      Run up = Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "up");
      assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
      assertThat(up.out()).contains("Assay is running at http://localhost:" + port);

      try (Socket local = new Socket()) {
        local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      }
      assertThatThrownBy(() -> {
        try (Socket remote = new Socket()) {
          remote.connect(new InetSocketAddress(external.get(), port), 5_000);
        }
      }).as("connecting from %s", external.get()).isInstanceOf(ConnectException.class);
    } finally {
      Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "down");
    }
  }

  private static boolean isUp(NetworkInterface network) {
    try {
      return network.isUp();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
