package dev.assay.app.cli;

import dev.assay.platform.cli.ProgressOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java -cp APP_JAR:PLATFORM_JAR dev.assay.app.cli.CommandClient SOCKET PID ARGS...}: runs the command
 * ARGS on the command server listening on SOCKET, started as process PID (0 when it already runs), and
 * exits with the command's exit code, its output copied to this process's stdout and stderr as it
 * comes. Ctrl-C (or this process's death) closes the connection, and the server cancels the command.
 *
 * <p>Exits with {@link CommandProtocol#NOT_TAKEN}, printing nothing, when no server takes the command:
 * the server could not start (the same command run in-process then says why), or it refused it.
 * Plain JDK and the platform's {@link ProgressOutput} only: started on a class path of the application's and the
 * platform's own jars, without their libraries, it costs a tenth of a second of CPU.
 */
public final class CommandClient {
  private CommandClient() {}

  public static void main(String[] given) throws IOException {
    Path socket = Path.of(given[0]);
    long serverPid = Long.parseLong(given[1]);
    String[] args = Arrays.copyOfRange(given, 2, given.length);
    SocketChannel channel = connect(socket, serverPid);
    if (channel == null) {
      System.exit(CommandProtocol.NOT_TAKEN);
    }
    String charset = System.getProperty("stdout.encoding", Charset.defaultCharset().name());
    CommandProtocol.Request request =
        new CommandProtocol.Request(System.getProperty("user.dir"), charset, ProgressOutput.onTerminal(), args);
    System.exit(run(channel, request, CommandProtocol.logOf(socket)));
  }

  /** The connection to the server, waiting while a server just started binds its socket; null if none answers. */
  private static SocketChannel connect(Path socket, long serverPid) {
    long deadline = System.nanoTime() + startTimeoutSeconds() * 1_000_000_000L;
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
    while (true) {
      try {
        return SocketChannel.open(address);
      } catch (IOException notYet) {
        boolean starting = serverPid > 0 && ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
        if (!starting || System.nanoTime() > deadline) {
          return null;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return null;
        }
      }
    }
  }

  private static int run(SocketChannel channel, CommandProtocol.Request request, Path log) throws IOException {
    String command = request.args().length == 0 ? "assay" : "assay " + request.args()[0];
    try (channel) {
      CommandProtocol.writeFully(channel, request.encode());
      ByteBuffer type = ByteBuffer.allocate(1);
      while (true) {
        type.clear();
        if (channel.read(type) < 0) {
          break;
        }
        switch (type.get(0)) {
          case CommandProtocol.STDOUT -> copy(CommandProtocol.readBytes(channel), System.out);
          case CommandProtocol.STDERR -> copy(CommandProtocol.readBytes(channel), System.err);
          case CommandProtocol.EXIT -> {
            return CommandProtocol.readInt(channel);
          }
          case CommandProtocol.REFUSED -> {
            CommandProtocol.readString(channel);
            return CommandProtocol.NOT_TAKEN;
          }
          default -> throw new IOException("unknown frame " + type.get(0));
        }
      }
    } catch (IOException e) {
      System.err.println(command + ": lost the command server (" + e.getMessage() + "); see " + log);
      return 1;
    }
    System.err.println(command + ": the command server stopped before the command finished; see " + log);
    return 1;
  }

  private static void copy(byte[] bytes, PrintStream stream) {
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }

  private static long startTimeoutSeconds() {
    String value = System.getenv("ASSAY_START_TIMEOUT");
    return value != null && value.matches("[0-9]+") ? Long.parseLong(value) : 180;
  }
}
