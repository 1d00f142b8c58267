package io.remoteservice.agent.job;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a run of an AutoAction or FailureRevert ended, judged by DESIGN.md's rules: exit code 0 is
 * success, anything else failure, a timeout always failure; the last {@code RSA-RESULT:} line of
 * standard output overrides the exit code; {@code RSA-REPORTED: yes} says the program informed the
 * customer itself.
 *
 * @param success  whether the run counts as successful
 * @param reason   why it failed (the marker's reason, the exit code or the timeout); empty on success
 * @param exitCode the program's exit code, null when it has none (timed out, killed)
 * @param timedOut whether the run was stopped by its timeout
 * @param reported whether the program said it reported to the customer itself
 * @param marker   the {@code RSA-RESULT:} line that decided, or null when the exit code decided
 */
public record Outcome(boolean success, String reason, Integer exitCode, boolean timedOut, boolean reported,
    String marker) {

  public static final String RESULT_MARKER = "RSA-RESULT:";
  public static final String REPORTED_MARKER = "RSA-REPORTED:";

  /** Reads the markers from standard output as bytes, which need not be UTF-8. */
  public static Outcome evaluate(Integer exitCode, boolean timedOut, byte[] stdout) {
    return evaluate(exitCode, timedOut, stdout == null ? "" : new String(stdout, StandardCharsets.UTF_8));
  }

  /**
   * @param exitCode null when the program has no exit code
   * @param timedOut true when the run was killed by its timeout; a marker cannot make that a success,
   *     since the program was stopped at an unknown point
   * @param stdout   the program's standard output; markers are lines of their own (leading and
   *     trailing blanks and a CR are ignored), and in a bounded output only the kept part counts, so a
   *     program prints them last
   */
  public static Outcome evaluate(Integer exitCode, boolean timedOut, String stdout) {
    String marker = null;
    boolean reported = false;
    if (stdout != null) {
      for (String raw : stdout.split("\n", -1)) {
        String line = raw.strip();
        if (line.startsWith(RESULT_MARKER)) {
          marker = line;
        } else if (line.startsWith(REPORTED_MARKER)) {
          reported = line.substring(REPORTED_MARKER.length()).strip().toLowerCase(Locale.ROOT).equals("yes");
        }
      }
    }
    if (timedOut) {
      return new Outcome(false, "timed out" + (marker == null ? "" : " (after it printed '" + marker + "')"),
          exitCode, true, reported, null);
    }
    if (marker != null) {
      String verdict = marker.substring(RESULT_MARKER.length()).strip();
      if (verdict.equals("SUCCESS")) {
        return new Outcome(true, "", exitCode, false, reported, marker);
      }
      if (verdict.equals("FAILURE") || verdict.startsWith("FAILURE ")) {
        String why = verdict.substring("FAILURE".length()).strip();
        return new Outcome(false, why.isEmpty() ? "the program reported FAILURE without a reason" : why,
            exitCode, false, reported, marker);
      }
      // A marker that says neither: the program meant to say something, so it does not pass.
      return new Outcome(false, "unreadable result line '" + marker + "'; expected RSA-RESULT: SUCCESS or"
          + " RSA-RESULT: FAILURE <reason>", exitCode, false, reported, marker);
    }
    if (exitCode == null) {
      return new Outcome(false, "the program ended without an exit code", null, false, reported, null);
    }
    if (exitCode == 0) {
      return new Outcome(true, "", 0, false, reported, null);
    }
    return new Outcome(false, "exit code " + exitCode, exitCode, false, reported, null);
  }
}
