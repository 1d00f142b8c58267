package io.remoteservice.agent.inventory;

/**
 * How many servers of a pool may be out at once ({@code maxUnavailable}) and how many must stay in
 * service ({@code minAvailable}). Both are checked on every capacity lease.
 */
public record Capacity(MaxUnavailable maxUnavailable, int minAvailable) {

  /** Without a {@code capacity} entry: one server at a time, no minimum. */
  static final Capacity DEFAULT = new Capacity(new MaxUnavailable(1, false), 0);

  /** The most servers that may be unavailable in a pool of {@code poolSize}, both limits applied. */
  public int allowedUnavailable(int poolSize) {
    return Math.max(0, Math.min(maxUnavailable.of(poolSize), poolSize - minAvailable));
  }
}
