package dev.assay.platform.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Fails with the given exception once more than {@code max} bytes have been read. */
public final class LimitedInputStream extends FilterInputStream {
  private final long max;
  private final Supplier<? extends RuntimeException> overLimit;
  private long read;

  public LimitedInputStream(InputStream in, long max, Supplier<? extends RuntimeException> overLimit) {
    super(in);
    this.max = max;
    this.overLimit = overLimit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) {
    read += n;
    if (read > max) {
      throw overLimit.get();
    }
  }
}
