package io.remoteservice.agent.remote;

import java.time.Duration;

/**
 * What a command did.
 *
 * @param exitCode the exit status, or -1 when the server reported none (the command was killed by a
 *                 signal, or stopped at its time limit)
 * @param stdout   standard output, bounded
 * @param stderr   standard error, bounded
 * @param elapsed  from opening the channel to its close
 */
public record ExecResult(int exitCode, CapturedOutput stdout, CapturedOutput stderr, Duration elapsed) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Whether either stream lost bytes to the output limit. */
  public boolean truncated() {
    return stdout.truncated() || stderr.truncated();
  }

  /** Standard output as text (lenient UTF-8), trimmed: for short answers of probes. */
  public String stdoutText() {
    return stdout.text().strip();
  }

  @Override
  public String toString() {
    return "ExecResult[exit " + exitCode + ", stdout " + stdout + ", stderr " + stderr + ", "
        + elapsed.toMillis() + " ms]";
  }
}
