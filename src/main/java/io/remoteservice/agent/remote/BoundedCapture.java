package io.remoteservice.agent.remote;

import java.io.OutputStream;

/** An output sink that keeps a head and a ring buffer tail and counts the rest. Thread-safe. */
final class BoundedCapture extends OutputStream {

  private final byte[] head;
  private int headLength;
  private final byte[] ring;
  private int ringNext;
  private int ringLength;
  private long total;

  BoundedCapture(OutputLimit limit) {
    head = new byte[limit.headBytes()];
    ring = new byte[limit.tailBytes()];
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    total += len;
    int toHead = Math.min(len, head.length - headLength);
    System.arraycopy(b, off, head, headLength, toHead);
    headLength += toHead;
    off += toHead;
    len -= toHead;
    if (len == 0 || ring.length == 0) {
      return;
    }
    if (len >= ring.length) {
      System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
      ringNext = 0;
      ringLength = ring.length;
      return;
    }
    int first = Math.min(len, ring.length - ringNext);
    System.arraycopy(b, off, ring, ringNext, first);
    System.arraycopy(b, off + first, ring, 0, len - first);
    ringNext = (ringNext + len) % ring.length;
    ringLength = Math.min(ring.length, ringLength + len);
  }

  synchronized long total() {
    return total;
  }

  synchronized CapturedOutput result() {
    byte[] keptHead = java.util.Arrays.copyOf(head, headLength);
    byte[] tail = new byte[ringLength];
    int start = (ringNext - ringLength + ring.length) % Math.max(1, ring.length);
    int first = Math.min(ringLength, ring.length - start);
    System.arraycopy(ring, start, tail, 0, first);
    System.arraycopy(ring, 0, tail, first, ringLength - first);
    return new CapturedOutput(keptHead, tail, total);
  }
}
