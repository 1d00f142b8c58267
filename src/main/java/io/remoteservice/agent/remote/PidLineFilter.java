package io.remoteservice.agent.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Takes the line {@code RSA-PID <pid>} that the exec wrapper prints first (the shell's pid, which is
 * also its process group id) out of a command's standard output and passes everything else on
 * unchanged. Lines a login shell's rc files print before it are passed on; after the first
 * {@link #SCAN_LIMIT} bytes nothing more is looked at.
 */
final class PidLineFilter extends OutputStream {

  static final String MARKER = "RSA-PID ";
  static final int SCAN_LIMIT = 4096;
  private static final int MAX_LINE = 64;

  private final OutputStream next;
  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean lineTooLong;
  private long scanned;
  private boolean passing;
  private volatile long pid = -1;

  PidLineFilter(OutputStream next) {
    this.next = next;
  }

  /** The pid, or -1 while the marker line has not arrived. */
  long pid() {
    return pid;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    while (!passing && len > 0) {
      byte c = b[off++];
      len--;
      scanned++;
      if (c == '\n') {
        long found = lineTooLong ? -1 : parse();
        if (found > 0) {
          pid = found;
          passing = true;
        } else {
          flushLine();
          next.write('\n');
        }
        lineLength = 0;
        lineTooLong = false;
      } else if (lineTooLong) {
        next.write(c);
      } else if (lineLength == MAX_LINE) {
        flushLine();
        lineTooLong = true;
        next.write(c);
      } else {
        line[lineLength++] = c;
      }
      if (!passing && scanned >= SCAN_LIMIT) {
        flushLine();
        passing = true;
      }
    }
    if (len > 0) {
      next.write(b, off, len);
    }
  }

  private void flushLine() throws IOException {
    next.write(line, 0, lineLength);
    lineLength = 0;
  }

  private long parse() {
    String text = new String(line, 0, lineLength, StandardCharsets.US_ASCII);
    if (!text.startsWith(MARKER) || text.length() == MARKER.length()) {
      return -1;
    }
    long value = 0;
    for (char ch : text.substring(MARKER.length()).toCharArray()) {
      if (ch < '0' || ch > '9' || value > Integer.MAX_VALUE) {
        return -1;
      }
      value = value * 10 + (ch - '0');
    }
    // Process groups 0 and 1 would mean "every process" to kill.
    return value > 1 ? value : -1;
  }

  @Override
  public void flush() throws IOException {
    next.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    if (!passing) {
      flushLine();
    }
    next.close();
  }
}
