package io.remoteservice.agent.pool;

import java.util.Locale;

/** A server's status as a load balancer reports it, reduced to what the agent decides on. */
public enum LbStatus {
  UP(0), NO_LB(0), DRAIN(1), DOWN(2), MAINT(3), UNKNOWN(4);

  private final int rank;

  LbStatus(int rank) {
    this.rank = rank;
  }

  /** Whether the load balancer does not send new users to the server. */
  public boolean unavailable() {
    return this == DRAIN || this == DOWN || this == MAINT;
  }

  /** The worse of two statuses, for servers behind several load balancers. */
  LbStatus worse(LbStatus other) {
    return other.rank > rank ? other : this;
  }

  /**
   * Maps HAProxy's {@code show stat} status: {@code UP}, {@code UP 1/3} (going down), {@code no check},
   * {@code DOWN}, {@code DOWN 1/2} (going up), {@code NOLB}, {@code DRAIN}, {@code MAINT},
   * {@code MAINT (via)}, {@code MAINT (resolution)}.
   */
  static LbStatus ofHaproxy(String status) {
    String s = status.trim().toUpperCase(Locale.ROOT);
    if (s.startsWith("MAINT")) {
      return MAINT;
    }
    if (s.startsWith("DRAIN") || s.startsWith("NOLB")) {
      return DRAIN;
    }
    if (s.startsWith("DOWN")) {
      return DOWN;
    }
    if (s.startsWith("UP") || s.equals("NO CHECK")) {
      return UP;
    }
    return UNKNOWN;
  }
}
