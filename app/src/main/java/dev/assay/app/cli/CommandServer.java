package dev.assay.app.cli;

import dev.assay.platform.cli.ProgressOutput;
import io.quarkus.runtime.QuarkusApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code command-server SOCKET JAR}: the application started once for many one-shot commands, as a
 * build tool's daemon is. It runs like a one-shot command (no HTTP, consumers, scheduler or background
 * duties) and runs each command {@link CommandClient} sends on a thread of its own, through the same
 * command line as in-process, its output sent back to the client. It exits after
 * {@code ASSAY_COMMAND_SERVER_IDLE} (seconds, or with s, m or h; 30m by default) without commands, when
 * JAR changes (a new build), when its socket file is removed, or when stopped ({@code ./assay down}).
 *
 * <p>Whoever can connect to SOCKET can run any command against the database: the socket's owner-only
 * file permissions, in an owner-only directory, are its authentication. Whoever can open it could read
 * the launcher's settings and run the same commands anyway.
 */
public class CommandServer implements QuarkusApplication {
  /** The internal command that starts a command server: {@code command-server SOCKET JAR}. */
  public static final String COMMAND = "command-server";
  private static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
  private static final Duration WATCH_PERIOD = Duration.ofSeconds(2);
  /** Commands that must run in a process of their own: they run until stopped. */
  private static final Set<String> IN_PROCESS_ONLY = Set.of("serve", "worker", COMMAND);

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
  private final AtomicInteger commandCount = new AtomicInteger();

  @Override
  public int run(String... args) throws Exception {
    Path socket = Path.of(args[1]).toAbsolutePath();
    Path jar = Path.of(args[2]);
    Duration idle = idleLimit(System.getenv("ASSAY_COMMAND_SERVER_IDLE"));
    try (ServerSocketChannel server = bind(socket)) {
      if (server == null) {
        System.err.println("another command server listens on " + socket);
        return 0;
      }
      Path pidFile = CommandProtocol.pidFileOf(socket);
      Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> removeIfOurs(socket, pidFile)));
      Thread.ofPlatform().daemon().name("command-server-watch").start(() -> watch(server, socket, jar, idle));
      System.err.println("command server listening on " + socket + " (idle limit " + idle + ")");
      acceptUntilClosed(server);
      removeIfOurs(socket, pidFile);
    }
    while (running.get() > 0) {
      Thread.sleep(100);
    }
    return 0;
  }

  /** The socket, bound with owner-only permissions; null when a live server already listens on it. */
  private static ServerSocketChannel bind(Path socket) throws IOException {
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
    if (Files.exists(socket)) {
      try (SocketChannel ignored = SocketChannel.open(address)) {
        return null;
      } catch (IOException stale) {
        Files.deleteIfExists(socket);
      }
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(address);
    // the directory is owner-only already (the launcher makes it so): no one else can reach the socket meanwhile
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    return server;
  }

  private void acceptUntilClosed(ServerSocketChannel server) {
    while (true) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (ClosedChannelException stopped) {
        return;
      } catch (IOException e) {
        System.err.println("command server: cannot accept: " + e.getMessage());
        return;
      }
      running.incrementAndGet();
      lastActive.set(System.nanoTime());
      Thread.ofPlatform().name("assay-command-" + commandCount.incrementAndGet()).start(() -> {
        try {
          serve(connection);
        } finally {
          lastActive.set(System.nanoTime());
          running.decrementAndGet();
        }
      });
    }
  }

  /** Closes the server (so {@link #run} returns) when it idled too long, its jar changed or its socket went. */
  private void watch(ServerSocketChannel server, Path socket, Path jar, Duration idle) {
    String built = stamp(jar);
    while (server.isOpen()) {
      try {
        Thread.sleep(WATCH_PERIOD);
      } catch (InterruptedException e) {
        return;
      }
      String reason = null;
      if (running.get() == 0 && System.nanoTime() - lastActive.get() > idle.toNanos()) {
        reason = "idle for " + idle;
      } else if (!built.equals(stamp(jar))) {
        reason = jar + " changed";
      } else if (!Files.exists(socket)) {
        reason = socket + " was removed";
      }
      if (reason != null) {
        System.err.println("command server stops: " + reason);
        try {
          server.close();
        } catch (IOException e) {
          return;
        }
      }
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      CommandProtocol.Request request = CommandProtocol.Request.read(connection);
      String refusal = refusal(request);
      if (refusal != null) {
        CommandProtocol.writeFully(connection, CommandProtocol.refusedFrame(refusal));
        return;
      }
      Object lock = new Object();
      Charset charset = Charset.forName(request.charset());
      PrintWriter out = writer(connection, CommandProtocol.STDOUT, lock, charset);
      PrintWriter err = writer(connection, CommandProtocol.STDERR, lock, charset);
      Thread command = Thread.currentThread();
      AtomicInteger state = new AtomicInteger(); // 0 running, 1 done
      Thread.ofVirtual().start(() -> cancelWhenClientLeaves(connection, command, state));
      int exitCode;
      try {
        Invocation invocation = Invocation.of(new AssayCli.CdiFactory(), request.args());
        invocation.commandLine().setOut(out).setErr(err);
        exitCode = ProgressOutput.onCallersTerminal(request.terminal(), invocation::execute);
      } catch (RuntimeException e) {
        // picocli handles the command's own failures; this is the command line's (a bad declaration, say)
        e.printStackTrace();
        err.println("assay: " + OneLineErrors.describe(e));
        exitCode = 1;
      } finally {
        state.set(1);
        Thread.interrupted(); // a cancellation arriving as the command ended must not fail the answer
      }
      out.flush();
      err.flush();
      synchronized (lock) {
        CommandProtocol.writeFully(connection, CommandProtocol.exitFrame(exitCode));
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /** Why this server must not run the request, or null when it may. */
  private static String refusal(CommandProtocol.Request request) {
    if (request == null) {
      return "another version of the command protocol";
    }
    if (!Path.of(request.workingDirectory()).toAbsolutePath().normalize()
        .equals(Path.of("").toAbsolutePath().normalize())) {
      // relative paths and the configuration files the application reads depend on it
      return "started in another working directory";
    }
    if (request.args().length > 0 && IN_PROCESS_ONLY.contains(request.args()[0])) {
      return request.args()[0] + " runs in a process of its own";
    }
    try {
      Charset.forName(request.charset());
    } catch (IllegalArgumentException e) {
      return "unknown charset " + request.charset();
    }
    return null;
  }

  /** Reads until the client closes its end, then interrupts the command unless it already ended. */
  private static void cancelWhenClientLeaves(SocketChannel connection, Thread command, AtomicInteger state) {
    ByteBuffer ignored = ByteBuffer.allocate(64);
    try {
      while (connection.read(ignored.clear()) >= 0) {
        // a client sends nothing after its request
      }
    } catch (IOException closed) {
      // closed by the command's end, or the client is gone
    }
    if (state.get() == 0) {
      command.interrupt();
    }
  }

  private static PrintWriter writer(SocketChannel connection, byte type, Object lock, Charset charset) {
    OutputStream frames = new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        pending.write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
      }

      @Override
      public void flush() throws IOException {
        if (pending.size() == 0) {
          return;
        }
        synchronized (lock) {
          CommandProtocol.writeFully(connection, CommandProtocol.frame(type, pending.toByteArray(), pending.size()));
        }
        pending.reset();
      }
    };
    return new PrintWriter(new OutputStreamWriter(frames, charset), true);
  }

  private static String stamp(Path jar) {
    try {
      return Files.getLastModifiedTime(jar) + " " + Files.size(jar);
    } catch (IOException e) {
      return "missing";
    }
  }

  private static void removeIfOurs(Path socket, Path pidFile) {
    try {
      String pid = Files.readString(pidFile).strip();
      if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(pidFile);
      }
    } catch (IOException e) {
      // another server's files, or already gone
    }
  }

  static Duration idleLimit(String setting) {
    if (setting == null || setting.isBlank()) {
      return DEFAULT_IDLE;
    }
    String value = setting.strip().toLowerCase();
    if (!value.matches("[0-9]+[smh]?")) {
      throw new IllegalArgumentException("ASSAY_COMMAND_SERVER_IDLE: expected seconds, or a number with s, m or h: "
          + setting);
    }
    char unit = value.charAt(value.length() - 1);
    long amount = Long.parseLong(Character.isDigit(unit) ? value : value.substring(0, value.length() - 1));
    return switch (unit) {
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
