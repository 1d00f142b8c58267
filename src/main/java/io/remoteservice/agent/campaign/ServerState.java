package io.remoteservice.agent.campaign;

import java.util.Locale;

/**
 * Where one server of a campaign stands. SUCCEEDED, REVERTED, REVERT_FAILED, SKIPPED and NOT_CHANGED are
 * the {@code outcome} values of {@code server-maintenance}; PENDING, RUNNING and DEFERRED are the
 * campaign's own.
 */
public enum ServerState {
  /** Not started yet. */
  PENDING,
  /** Its {@code server-maintenance} child runs. */
  RUNNING,
  SUCCEEDED,
  /** The AutoAction failed and FailureRevert brought the server back to what it was. */
  REVERTED,
  /** The AutoAction failed and so did FailureRevert; a person follows up. */
  REVERT_FAILED,
  /** The start gate refused it (paused, aborted, budget exceeded) before it touched the server. */
  SKIPPED,
  /** Preflight found it could not be done; nothing changed on the server. */
  NOT_CHANGED,
  /** The window closed before it could start. */
  DEFERRED;

  /** Whether it counts against the failure budget. */
  public boolean failure() {
    return this == REVERTED || this == REVERT_FAILED || this == NOT_CHANGED;
  }

  /** Whether nothing more will happen to it in this campaign. */
  public boolean done() {
    return this != PENDING && this != RUNNING;
  }

  /** Whether a re-run should include it: it failed, or it never ran. */
  public boolean worthRerunning() {
    return failure() || this == SKIPPED || this == DEFERRED;
  }

  /**
   * Reads a {@code server-maintenance} {@code outcome} (or any state name), case-insensitively.
   *
   * @throws IllegalArgumentException listing the known states
   */
  public static ServerState parse(String text) {
    try {
      return valueOf(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown server state '" + text + "'; one of "
          + java.util.Arrays.toString(values()), e);
    }
  }
}
