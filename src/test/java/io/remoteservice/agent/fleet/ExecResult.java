package io.remoteservice.agent.fleet;

import java.time.Duration;

/**
 * What a command run over SSH left.
 *
 * @param exitCode the remote exit code (255: ssh itself failed, e.g. a host key mismatch)
 * @param stdout   its standard output
 * @param stderr   its standard error (and the ssh client's messages)
 * @param elapsed  wall time of the whole call
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration elapsed) {

  /** The output, failing with both streams when the command did not exit 0. */
  public String ok() {
    if (exitCode != 0) {
      throw new AssertionError("command exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
    }
    return stdout;
  }
}
