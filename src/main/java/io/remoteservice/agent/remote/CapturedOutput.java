package io.remoteservice.agent.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One output stream of a remote program, bounded: the first {@code head.length} and the last
 * {@code tail.length} bytes are kept as bytes, whatever the encoding; {@link #cutBytes()} says how many
 * bytes between them were dropped. Text is decoded from UTF-8 leniently, for display only.
 *
 * @param head       the first bytes (all of them when nothing was cut and the output was short)
 * @param tail       the last bytes that did not fit into the head
 * @param totalBytes how many bytes the program wrote
 */
public record CapturedOutput(byte[] head, byte[] tail, long totalBytes) {

  public static final CapturedOutput EMPTY = new CapturedOutput(new byte[0], new byte[0], 0);

  public CapturedOutput {
    head = head.clone();
    tail = tail.clone();
    if (totalBytes < head.length + (long) tail.length) {
      throw new IllegalArgumentException("totalBytes " + totalBytes + " is less than the kept bytes");
    }
  }

  public static CapturedOutput of(byte[] all) {
    return new CapturedOutput(all, new byte[0], all.length);
  }

  /** The bytes dropped between head and tail. */
  public long cutBytes() {
    return totalBytes - head.length - tail.length;
  }

  public boolean truncated() {
    return cutBytes() > 0;
  }

  @Override
  public byte[] head() {
    return head.clone();
  }

  @Override
  public byte[] tail() {
    return tail.clone();
  }

  /** Head and tail joined; when {@link #truncated()} the bytes between them are missing. */
  public byte[] keptBytes() {
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /**
   * For display: UTF-8 with malformed bytes replaced (U+FFFD), and when bytes were cut a line
   * {@code [... N bytes cut ...]} where they were.
   */
  public String text() {
    if (!truncated()) {
      return new String(keptBytes(), StandardCharsets.UTF_8);
    }
    return new String(head, StandardCharsets.UTF_8) + "\n[... " + cutBytes() + " bytes cut ...]\n"
        + new String(tail, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapturedOutput other && totalBytes == other.totalBytes
        && Arrays.equals(head, other.head) && Arrays.equals(tail, other.tail);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(head) + Arrays.hashCode(tail) + Long.hashCode(totalBytes);
  }

  @Override
  public String toString() {
    return "CapturedOutput[" + totalBytes + " bytes" + (truncated() ? ", " + cutBytes() + " cut" : "")
        + "]";
  }
}
