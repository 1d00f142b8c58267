package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.DrainPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The result of one round of the drain loop.
 *
 * @param outcome     drained, not yet, timed out, or a person must act (GUI-only balancer)
 * @param lbSessions  sessions the load balancers still count; null when unknown
 * @param serverUsers users logged on to the server itself; null when not counted
 * @param elapsed     time since the drain started
 * @param onTimeout   for {@link Outcome#TIMED_OUT}: what the policy says to do; null otherwise
 * @param notes       what the clear step reported (entries still in use, ...)
 * @param step        for {@link Outcome#PERSON_MUST_ACT}: the step to show; null otherwise
 */
public record DrainCheck(Outcome outcome, Integer lbSessions, Integer serverUsers, Duration elapsed,
                         DrainPolicy.OnTimeout onTimeout, List<String> notes, ManualStep step) {

  public enum Outcome { DRAINED, NOT_YET, TIMED_OUT, PERSON_MUST_ACT }

  public DrainCheck {
    notes = List.copyOf(notes);
  }

  /**
   * The drain decision on its own. Drained means no session on any load balancer and, when counted, no
   * user on the server; that wins even at the timeout. Unknown counts are never taken as zero.
   */
  static DrainCheck decide(Integer lbSessions, Integer serverUsers, boolean countServerUsers, Duration elapsed,
                           DrainPolicy policy, List<String> notes) {
    boolean drained = lbSessions != null && lbSessions == 0
        && (!countServerUsers || serverUsers != null && serverUsers == 0);
    if (drained) {
      return new DrainCheck(Outcome.DRAINED, lbSessions, serverUsers, elapsed, null, notes, null);
    }
    if (elapsed.compareTo(policy.timeout()) >= 0) {
      return new DrainCheck(Outcome.TIMED_OUT, lbSessions, serverUsers, elapsed, policy.onTimeout(), notes, null);
    }
    return new DrainCheck(Outcome.NOT_YET, lbSessions, serverUsers, elapsed, null, notes, null);
  }

  @Override
  public String toString() {
    return outcome + " after " + elapsed + " (load balancer sessions " + lbSessions
        + (serverUsers == null ? "" : ", users on the server " + serverUsers)
        + (onTimeout == null ? "" : ", on timeout: " + onTimeout.yamlName()) + ")";
  }
}
