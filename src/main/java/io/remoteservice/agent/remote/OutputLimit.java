package io.remoteservice.agent.remote;

/**
 * How much of each output stream is kept: the first {@code headBytes} and the last {@code tailBytes}.
 * A flood of output costs bounded memory, and the start (what the program set out to do) and the end
 * (how it failed, the {@code RSA-RESULT} line) both survive.
 */
public record OutputLimit(int headBytes, int tailBytes) {

  public static final OutputLimit DEFAULT = new OutputLimit(32 * 1024, 32 * 1024);

  public OutputLimit {
    if (headBytes < 0 || tailBytes < 0 || (long) headBytes + tailBytes > 16L * 1024 * 1024) {
      throw new IllegalArgumentException("output limit: head " + headBytes + " and tail " + tailBytes
          + " bytes must be positive and together at most 16 MiB");
    }
  }
}
