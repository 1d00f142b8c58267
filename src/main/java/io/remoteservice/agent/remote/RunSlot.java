package io.remoteservice.agent.remote;

/**
 * Which detached run of a run directory is meant. The AutoAction and the FailureRevert of one run share
 * the run directory (the FailureRevert reads what the AutoAction left there), so each keeps its claim,
 * pid, output and exit code in a state directory of its own: both can be started once, polled and
 * killed independently.
 */
public enum RunSlot {
  /** The AutoAction: state in {@code RUNDIR/.rsa/}, which also holds the agent's marker. */
  MAIN(".rsa"),
  /** The FailureRevert: state in {@code RUNDIR/.rsa-revert/}. */
  REVERT(".rsa-revert");

  private final String stateDir;

  RunSlot(String stateDir) {
    this.stateDir = stateDir;
  }

  /** The state directory, relative to the run directory. */
  public String stateDir() {
    return stateDir;
  }

  /** Whether {@code path} (relative to a run directory) lies in a state directory of any slot. */
  static boolean reserved(String path) {
    for (RunSlot slot : values()) {
      if (path.equals(slot.stateDir) || path.startsWith(slot.stateDir + "/")) {
        return true;
      }
    }
    return false;
  }
}
