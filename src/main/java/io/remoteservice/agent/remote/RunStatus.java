package io.remoteservice.agent.remote;

import java.time.Instant;

/**
 * What became of a detached run. Times are the server's clock.
 *
 * @param state     see {@link State}
 * @param exitCode  for {@link State#ENDED}: the program's exit code (143 or 137 when the agent killed
 *                  it, see {@code killed}); otherwise null
 * @param startedAt when the launcher started, or null
 * @param endedAt   when it ended, or null
 * @param killed    whether the run ended because the agent killed its process group
 * @param stdout    bounded standard output ({@link State#ENDED} and {@link State#LOST}; else empty)
 * @param stderr    bounded standard error, likewise
 */
public record RunStatus(State state, Integer exitCode, Instant startedAt, Instant endedAt,
    boolean killed, CapturedOutput stdout, CapturedOutput stderr) {

  public enum State {
    /** No run was started in this directory (or the directory does not exist). */
    NOT_STARTED,
    /** The run's process group is alive (or the launcher is just starting). */
    RUNNING,
    /** The run ended; {@code exitCode} is set. */
    ENDED,
    /**
     * The run was started but neither runs nor recorded an exit code: the server rebooted, or its
     * processes were killed from outside. A failure, with whatever output there is.
     */
    LOST
  }

  static RunStatus notStarted() {
    return new RunStatus(State.NOT_STARTED, null, null, null, false, CapturedOutput.EMPTY,
        CapturedOutput.EMPTY);
  }

  public boolean ended() {
    return state == State.ENDED;
  }

  @Override
  public String toString() {
    return "RunStatus[" + state + (exitCode == null ? "" : " exit " + exitCode)
        + (killed ? " killed" : "") + ", stdout " + stdout + ", stderr " + stderr + "]";
  }
}
