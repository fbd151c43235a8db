package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./assay} runs the short database commands on a command server the first of them starts: with
 * the same stdout, stderr and exit code as in-process, files written relative to the working directory,
 * and the server stopped by {@code ./assay down}, after its idle limit, or when its jar changes.
 */
class CommandServerIT {
  private static final Map<String, String> ON_SERVER = Map.of("ASSAY_COMMAND_SERVER", "on");
  private static final Map<String, String> IN_PROCESS = Map.of();
  /** Short: a Unix socket's path holds at most 108 bytes, and the launcher runs in-process beyond 100. */
  private static Path state;

  @BeforeAll
  static void stateDirectory() throws IOException {
    state = Files.createTempDirectory("assay-cs");
  }

  @AfterAll
  static void stopTheServer() throws Exception {
    CliLauncher.assay(state, ON_SERVER, "down");
    try (Stream<Path> files = Files.walk(state)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void commandsPrintTheSameOnTheServerAsInProcessAndDownStopsIt() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String user = "cs-" + suffix;

    CliLauncher.Run created = CliLauncher.assay(state, ON_SERVER,
        "admin", "create-user", user, "--role", "service", "--password", "a-long-password");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).isEqualTo("created user " + user + " with roles [service]\n");
    assertThat(created.err()).isEmpty();
    List<ProcessHandle> servers = liveServers(state);
    assertThat(servers).as("the first command started one server").hasSize(1);

    CliLauncher.Run key = CliLauncher.assay(state, ON_SERVER, "admin", "create-key", user, "--role", "service");
    assertThat(key.exitCode()).as(key.err()).isZero();
    assertThat(key.out().lines().toList()).singleElement().asString().matches("assay_\\w+_\\w+");
    assertThat(key.err()).isEmpty();

    Files.writeString(state.resolve("pairs.jsonl"), """
        {"prompt":"Why %1$s?","chosen":"Because.","rejected":"No."}
        {"prompt":"How %1$s?","chosen":"Slowly.","rejected":"Fast."}
        not json
        """.formatted(suffix));
    String onServer = "cs-server-" + suffix;
    String inProcess = "cs-local-" + suffix;
    assertSamePrinted(args("import", "pairs.jsonl", "--dataset", onServer, "--skip-invalid"),
        args("import", "pairs.jsonl", "--dataset", inProcess, "--skip-invalid"), inProcess, onServer);
    assertSamePrinted("import", "pairs.jsonl", "--dataset", "cs-failed-" + suffix);
    assertSamePrinted("export", onServer, "--format", "trl", "-o", "export.jsonl");
    assertThat(Files.readAllLines(state.resolve("export.jsonl"))).as("written in the working directory").hasSize(2);
    assertSamePrinted("admin", "create-key", "nobody-" + suffix, "--role", "service");
    assertSamePrinted("admin", "create-key");
    assertSamePrinted("audit", "verify");
    assertThat(liveServers(state)).as("every command ran on the same server").isEqualTo(servers);

    CliLauncher.Run down = CliLauncher.assay(state, ON_SERVER, "down");

    assertThat(down.out()).contains("Stopped the command server (pid " + servers.getFirst().pid() + ")");
    assertThat(running(servers.getFirst().pid())).isFalse();
    try (Stream<Path> files = Files.list(state.resolve("command-server"))) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".sock"));
    }
  }

  @Test
  void aServerStopsAfterItsIdleLimitAndWhenItsJarChanges() throws Exception {
    Path own = Files.createTempDirectory("assay-cs");
    try {
      CliLauncher.Run first = CliLauncher.assay(own, Map.of("ASSAY_COMMAND_SERVER", "on",
          "ASSAY_COMMAND_SERVER_IDLE", "3s"), "audit", "verify");
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertStopsOfItself(own, "after 3 s without a command");

      CliLauncher.Run second = CliLauncher.assay(own, ON_SERVER, "audit", "verify");
      assertThat(second.exitCode()).as(second.err()).isZero();
      FileTime built = Files.getLastModifiedTime(CliLauncher.JAR);
      try {
        Files.setLastModifiedTime(CliLauncher.JAR, FileTime.from(built.toInstant().plusSeconds(60)));
        assertStopsOfItself(own, "once its jar changed");
      } finally {
        Files.setLastModifiedTime(CliLauncher.JAR, built);
      }
    } finally {
      CliLauncher.assay(own, ON_SERVER, "down");
      try (Stream<Path> files = Files.walk(own)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void killingTheClientCancelsItsImportOnTheServerAndLeavesNoDatasetBehind() throws Exception {
    CliLauncher.Run started = CliLauncher.assay(state, ON_SERVER, "audit", "verify");
    assertThat(started.exitCode()).as(started.err()).isZero();
    String dataset = "cs-cancelled-" + UUID.randomUUID().toString().substring(0, 8);
    // long enough to be running for a few seconds: about a minute's import
    try (BufferedWriter file = Files.newBufferedWriter(state.resolve("large.jsonl"))) {
      for (int i = 0; i < 400_000; i++) {
        file.write("{\"prompt\":\"Question %d?\",\"chosen\":\"Answer %d.\",\"rejected\":\"No.\"}\n".formatted(i, i));
      }
    }
    CliLauncher.Started importing = CliLauncher.start(state, ON_SERVER, "import", "large.jsonl", "--dataset", dataset);
    assertThat(waitFor(() -> datasetExists(dataset))).as("the import created its dataset").isTrue();
    Thread.sleep(1_000);
    assertThat(importing.process().isAlive()).as("the import is still running").isTrue();

    // What Ctrl-C does to the client: its JVM (and the launcher's shell) end, and its connection closes.
    importing.process().descendants().forEach(ProcessHandle::destroy);
    importing.process().destroy();
    assertThat(importing.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(waitFor(() -> !datasetExists(dataset))).as("the cancelled import removed its dataset").isTrue();
    CliLauncher.Run after = CliLauncher.assay(state, ON_SERVER, "audit", "verify");
    assertThat(after.exitCode()).as("the server serves the next command: " + after.err()).isZero();
  }

  private static boolean datasetExists(String name) throws SQLException {
    String url = System.getenv().getOrDefault("ASSAY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/assay_test");
    try (Connection connection = DriverManager.getConnection(url,
        System.getenv().getOrDefault("ASSAY_DB_USER", "assay"), System.getenv().getOrDefault("ASSAY_DB_PASSWORD", "assay"));
        PreparedStatement query = connection.prepareStatement("SELECT 1 FROM dataset WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet row = query.executeQuery()) {
        return row.next();
      }
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Whether {@code condition} holds within 60 s. */
  private static boolean waitFor(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  /** The one server of {@code state} ends by itself within 60 s and removes its socket. */
  private static void assertStopsOfItself(Path state, String when) throws Exception {
    List<ProcessHandle> servers = liveServers(state);
    assertThat(servers).as("one server runs").hasSize(1);
    ProcessHandle server = servers.getFirst();
    assertThat(waitFor(() -> !running(server.pid()))).as("the server stops by itself " + when).isTrue();
    try (Stream<Path> files = Files.list(state.resolve("command-server"))) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".sock"));
    }
  }

  /** Runs {@code args} on the server, then in-process: the same exit code and output. */
  private static void assertSamePrinted(String... args) throws Exception {
    assertSamePrinted(args, args, args[0], args[0]);
  }

  /**
   * Runs {@code onServer} on the server and {@code inProcess} in-process: the same exit code and output,
   * but for {@code inProcessName} in place of {@code serverName}.
   */
  private static void assertSamePrinted(String[] onServer, String[] inProcess, String inProcessName,
      String serverName) throws Exception {
    CliLauncher.Run served = CliLauncher.assay(state, ON_SERVER, onServer);
    CliLauncher.Run local = CliLauncher.assay(state, IN_PROCESS, inProcess);
    String command = String.join(" ", onServer);
    assertThat(served.exitCode()).as(command + ": " + served.err()).isEqualTo(local.exitCode());
    assertThat(served.out()).as(command).isEqualTo(local.out().replace(inProcessName, serverName));
    assertThat(served.err()).as(command).isEqualTo(local.err().replace(inProcessName, serverName));
  }

  private static String[] args(String... args) {
    return args;
  }

  private static List<ProcessHandle> liveServers(Path state) throws IOException {
    Path servers = state.resolve("command-server");
    if (!Files.isDirectory(servers)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(servers)) {
      return files.filter(file -> file.toString().endsWith(".pid"))
          .map(CommandServerIT::pidIn)
          .flatMap(pid -> ProcessHandle.of(pid).stream())
          .filter(server -> running(server.pid()))
          .toList();
    }
  }

  /** Alive and not a zombie: a server outlives the shell that started it, and waits for init to reap it. */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  private static long pidIn(Path file) {
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
