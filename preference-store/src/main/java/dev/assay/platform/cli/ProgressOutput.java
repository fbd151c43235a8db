package dev.assay.platform.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A command's progress on stderr: on a terminal one line redrawn in place (carriage returns, at most ten
 * times a second); otherwise, for logs and pipes, a plain line now and then, the first one at once.
 */
public final class ProgressOutput {
  private static final long REDRAW_NANOS = 100_000_000L;
  /** Whether the caller of a command run for another process (the command server's) watches a terminal. */
  private static final ThreadLocal<Boolean> CALLERS_TERMINAL = new ThreadLocal<>();

  private final PrintWriter out;
  private final boolean terminal;
  private final long periodNanos;
  private long last;
  private boolean started;
  private int drawnWidth;

  public ProgressOutput(PrintWriter out, boolean terminal, Duration period) {
    this.out = out;
    this.terminal = terminal;
    this.periodNanos = terminal ? REDRAW_NANOS : period.toNanos();
  }

  /** Progress for the console this process runs in: plain lines every {@code period} unless on a terminal. */
  public static ProgressOutput forConsole(PrintWriter out, Duration period) {
    return new ProgressOutput(out, onTerminal(), period);
  }

  /**
   * True when the user watches a terminal, false when output goes to a file or a pipe: this process's
   * console, or what the caller said for a command run on its behalf ({@link #onCallersTerminal}).
   */
  public static boolean onTerminal() {
    Boolean callers = CALLERS_TERMINAL.get();
    if (callers != null) {
      return callers;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // From Java 22 a console exists even when the streams are redirected; isTerminal() tells them apart.
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Runs {@code command} on this thread as if its output went to a terminal when {@code terminal} says so. */
  public static <T> T onCallersTerminal(boolean terminal, Supplier<T> command) {
    CALLERS_TERMINAL.set(terminal);
    try {
      return command.get();
    } finally {
      CALLERS_TERMINAL.remove();
    }
  }

  /** Shows {@code text} unless the last update was too recent; {@code last} always shows (a final state). */
  public void update(String text, boolean last) {
    long now = System.nanoTime();
    if (started && !last && now - this.last < periodNanos) {
      return;
    }
    started = true;
    this.last = now;
    if (terminal) {
      // pad over the rest of a longer previous line
      out.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
      drawnWidth = text.length();
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Prints a line of its own (e.g. a summary), ending the redrawn line first. */
  public void println(String text) {
    finish();
    out.println(text);
    out.flush();
  }

  /** Ends the redrawn line, so what follows starts on a line of its own. */
  public void finish() {
    if (terminal && drawnWidth > 0) {
      out.println();
      out.flush();
    }
    drawnWidth = 0;
  }
}
