package io.remoteservice.agent.job;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest {@code job.yaml} of a job package, validated.
 *
 * @param id         {@code [a-z0-9-]+}, equal to the package's directory name
 * @param version    as written (an integer or a string such as {@code "1.10"})
 * @param title      one line, shown to approvers
 * @param timeouts   how long AutoAction and FailureRevert may run
 * @param drain      overrides the pool's drain policy; null when the manifest has none
 * @param requires   families ({@code unix}, {@code windows}) or os ids ({@code debian}); empty = any
 * @param parameters declared parameters and their defaults, in manifest order
 * @param health     a check run before the server returns to its pool; null when the manifest has none
 */
public record Manifest(
    String id,
    String version,
    String title,
    Timeouts timeouts,
    Drain drain,
    List<String> requires,
    Map<String, String> parameters,
    Health health) {

  public Manifest {
    requires = List.copyOf(requires);
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }

  public Optional<Drain> drainOverride() {
    return Optional.ofNullable(drain);
  }

  public Optional<Health> healthCheck() {
    return Optional.ofNullable(health);
  }

  /** @param autoAction    the longest an AutoAction may run before it is killed and counts as failed
   *  @param failureRevert the same for FailureRevert */
  public record Timeouts(Duration autoAction, Duration failureRevert) {}

  /** Either part may be null: then the pool's setting applies. */
  public record Drain(Duration timeout, OnTimeout onTimeout) {}

  /** What happens when a server's sessions have not ended when the drain times out. */
  public enum OnTimeout {
    ASK, PROCEED, ABORT;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** @param command run on the server after a successful AutoAction; exit 0 means healthy
   *  @param timeout how long it may take (default PT1M) */
  public record Health(String command, Duration timeout) {}
}
