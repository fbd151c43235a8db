package dev.assay.app.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What {@link CommandClient} and {@link CommandServer} say to each other over the server's Unix domain
 * socket. The client sends one request: {@link #MAGIC}, its working directory, the charset of its
 * stdout, whether it runs on a terminal, and the command's arguments. The server answers with frames, a
 * type byte and its body: {@link #STDOUT} and {@link #STDERR} carry output bytes, {@link #EXIT} the
 * exit code and ends the exchange; {@link #REFUSED} (with a reason) says the command must run in a
 * process of its own. The client sends nothing more: closing its end cancels the command.
 *
 * <p>Plain JDK only: the client runs without the application on its class path.
 */
final class CommandProtocol {
  /** "ASY1": the version of this exchange; a server of another version refuses the request. */
  static final int MAGIC = 0x41535931;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte EXIT = 3;
  static final byte REFUSED = 4;
  /** The client's exit code when the server did not take the command: the launcher then runs it in-process. */
  static final int NOT_TAKEN = 75;

  private CommandProtocol() {}

  /** The log of the server listening on {@code socket} ({@code KEY.sock}): {@code KEY.log} beside it. */
  static Path logOf(Path socket) {
    return sibling(socket, ".log");
  }

  /** The file holding the pid of the server listening on {@code socket}: {@code KEY.pid} beside it. */
  static Path pidFileOf(Path socket) {
    return sibling(socket, ".pid");
  }

  private static Path sibling(Path socket, String extension) {
    return socket.resolveSibling(socket.getFileName().toString().replaceFirst("\\.sock$", "") + extension);
  }

  record Request(String workingDirectory, String charset, boolean terminal, String[] args) {
    ByteBuffer encode() {
      Encoder encoder = new Encoder();
      encoder.putInt(MAGIC);
      encoder.putString(workingDirectory);
      encoder.putString(charset);
      encoder.putInt(terminal ? 1 : 0);
      encoder.putInt(args.length);
      for (String arg : args) {
        encoder.putString(arg);
      }
      return encoder.buffer();
    }

    /** The request on {@code channel}, or null when it does not start with {@link #MAGIC}. */
    static Request read(ReadableByteChannel channel) throws IOException {
      if (readInt(channel) != MAGIC) {
        return null;
      }
      String workingDirectory = readString(channel);
      String charset = readString(channel);
      boolean terminal = readInt(channel) != 0;
      int count = readInt(channel);
      if (count < 0 || count > 100_000) {
        throw new IOException("bad request: " + count + " arguments");
      }
      String[] args = new String[count];
      for (int i = 0; i < count; i++) {
        args[i] = readString(channel);
      }
      return new Request(workingDirectory, charset, terminal, args);
    }
  }

  static ByteBuffer frame(byte type, byte[] body, int length) {
    return ByteBuffer.allocate(5 + length).put(type).putInt(length).put(body, 0, length).flip();
  }

  static ByteBuffer exitFrame(int code) {
    return ByteBuffer.allocate(5).put(EXIT).putInt(code).flip();
  }

  static ByteBuffer refusedFrame(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    return frame(REFUSED, bytes, bytes.length);
  }

  static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("the other side closed the connection");
      }
    }
    buffer.flip();
  }

  static int readInt(ReadableByteChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4);
    readFully(channel, buffer);
    return buffer.getInt();
  }

  static byte[] readBytes(ReadableByteChannel channel) throws IOException {
    int length = readInt(channel);
    if (length < 0 || length > (64 << 20)) {
      throw new IOException("bad frame length " + length);
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    readFully(channel, buffer);
    return buffer.array();
  }

  static String readString(ReadableByteChannel channel) throws IOException {
    return new String(readBytes(channel), StandardCharsets.UTF_8);
  }

  private static final class Encoder {
    private ByteBuffer buffer = ByteBuffer.allocate(1024);

    void putInt(int value) {
      ensure(4);
      buffer.putInt(value);
    }

    void putString(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      ensure(4 + bytes.length);
      buffer.putInt(bytes.length).put(bytes);
    }

    ByteBuffer buffer() {
      return buffer.flip();
    }

    private void ensure(int more) {
      if (buffer.remaining() < more) {
        buffer = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more)).put(buffer.flip());
      }
    }
  }
}
