package io.remoteservice.agent.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pool driven by local commands: one argv per verb, placeholders substituted per argument.
 *
 * @param verbs   verb ({@link #VERBS}) to argv
 * @param timeout how long one command may run
 */
public record CommandSettings(Map<String, List<String>> verbs, Duration timeout) {

  public static final Set<String> VERBS = Set.of("drain", "disable", "enable", "clearSticky", "sessions", "state");
  /** Verbs a pool must configure; {@code clearSticky} may be left out when the balancer has none. */
  public static final Set<String> REQUIRED_VERBS = Set.of("drain", "disable", "enable", "sessions", "state");
  public static final Set<String> PLACEHOLDERS = Set.of("{serverId}", "{lbName}", "{host}", "{pool}");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public CommandSettings {
    verbs = Map.copyOf(verbs);
  }
}
