package io.remoteservice.agent.remote;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Takes the first line of a command's standard output, where the exec wrapper prints the shell's pid
 * (which is also its process group id), and passes everything after it on unchanged.
 */
final class PidLineFilter extends OutputStream {

  private static final int MAX_LINE = 24;

  private final OutputStream next;
  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean passing;
  private volatile long pid = -1;

  PidLineFilter(OutputStream next) {
    this.next = next;
  }

  /** The pid, or -1 while the first line has not arrived (or was not a pid). */
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
      if (c == '\n') {
        passing = true;
        pid = parse();
        if (pid < 0) {
          next.write(line, 0, lineLength);
          next.write('\n');
        }
      } else if (lineLength == MAX_LINE) {
        passing = true;
        next.write(line, 0, lineLength);
        next.write(c);
      } else {
        line[lineLength++] = c;
      }
    }
    if (len > 0) {
      next.write(b, off, len);
    }
  }

  private long parse() {
    if (lineLength == 0) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < lineLength; i++) {
      if (line[i] < '0' || line[i] > '9') {
        return -1;
      }
      value = value * 10 + (line[i] - '0');
    }
    return value > 1 ? value : -1;
  }

  @Override
  public void flush() throws IOException {
    next.flush();
  }

  @Override
  public void close() throws IOException {
    next.close();
  }
}
