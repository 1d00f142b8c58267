package io.remoteservice.agent.inventory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How long a server may drain and what happens when its sessions do not end in time. The pool
 * declares it; a job's {@code drain} entry overrides timeout and onTimeout.
 *
 * @param timeout          how long to wait for the sessions to end
 * @param onTimeout        ask a person, proceed anyway, or abort (the server goes back unchanged)
 * @param sessionsOnServer also count users logged on to the server itself ({@code who}) before calling
 *                         it drained, for terminal servers whose users the load balancer cannot see
 * @param shutdownSessions when the server is disabled, also cut the sessions the load balancer still
 *                         holds for it; off by default, because it cuts users off
 */
public record DrainPolicy(Duration timeout, OnTimeout onTimeout, boolean sessionsOnServer,
                          boolean shutdownSessions) {

  public static final DrainPolicy DEFAULT = new DrainPolicy(Duration.ofMinutes(30), OnTimeout.ASK, false, false);

  /** What to do when the drain timeout is reached with sessions left. */
  public enum OnTimeout {
    ASK, PROCEED, ABORT;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ask}, {@code proceed} or {@code abort}. */
    public static Optional<OnTimeout> fromYaml(String value) {
      return Arrays.stream(values()).filter(v -> v.yamlName().equals(value)).findFirst();
    }
  }

  /**
   * This policy with a job's drain settings applied; a null argument keeps the pool's value.
   */
  public DrainPolicy overriddenBy(Duration jobTimeout, OnTimeout jobOnTimeout) {
    return new DrainPolicy(jobTimeout != null ? jobTimeout : timeout,
        jobOnTimeout != null ? jobOnTimeout : onTimeout, sessionsOnServer, shutdownSessions);
  }
}
