package io.remoteservice.agent.remote;

import java.time.Duration;

/** A configured time limit ran out. {@link #phase()} says which one. */
public final class RemoteTimeoutException extends RemoteException {

  /** The limits of {@link SshSettings}. */
  public enum Phase {
    CONNECT("opening the TCP connection"),
    AUTHENTICATION("key exchange and authentication"),
    CHANNEL_OPEN("opening a channel"),
    COMMAND("the command");

    private final String description;

    Phase(String description) {
      this.description = description;
    }
  }

  private final Phase phase;
  private final Duration limit;
  private final transient ExecResult partial;
  private final boolean processGroupKilled;

  RemoteTimeoutException(String target, Phase phase, Duration limit, Throwable cause) {
    this(target, phase, limit, null, false, phase.description + " took longer than " + limit.toMillis()
        + " ms", cause);
  }

  private RemoteTimeoutException(String target, Phase phase, Duration limit, ExecResult partial,
      boolean processGroupKilled, String message, Throwable cause) {
    super(target, "timeout: " + message, cause);
    this.phase = phase;
    this.limit = limit;
    this.partial = partial;
    this.processGroupKilled = processGroupKilled;
  }

  static RemoteTimeoutException command(String target, Duration limit, String commandSummary,
      ExecResult partial, boolean processGroupKilled) {
    return new RemoteTimeoutException(target, Phase.COMMAND, limit, partial, processGroupKilled,
        "the command [" + commandSummary + "] ran longer than " + limit.toMillis() + " ms; "
            + (processGroupKilled ? "its process group was killed"
                : "its process group could NOT be confirmed killed: check the server"),
        null);
  }

  public Phase phase() {
    return phase;
  }

  public Duration limit() {
    return limit;
  }

  /** For {@link Phase#COMMAND}: what the command printed until it was stopped (exit code -1). */
  public ExecResult partialResult() {
    return partial;
  }

  /** For {@link Phase#COMMAND}: whether the command's process group is confirmed gone. */
  public boolean processGroupKilled() {
    return processGroupKilled;
  }
}
