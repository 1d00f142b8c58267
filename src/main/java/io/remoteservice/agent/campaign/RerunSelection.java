package io.remoteservice.agent.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Run again for the failed and deferred servers": from a finished campaign's per-server states, the
 * servers to give a new campaign (which is approved anew).
 *
 * @param failed      REVERTED, REVERT_FAILED and NOT_CHANGED servers
 * @param notRun      SKIPPED, DEFERRED and PENDING servers: they never touched their server
 * @param stillRunning RUNNING servers: left out, since their outcome is not known yet
 * @param targets     failed then not run, in the campaign's order, as a {@code targets} value; empty when
 *                    there is nothing to run again
 */
public record RerunSelection(List<String> failed, List<String> notRun, List<String> stillRunning, String targets) {

  /** @param states per server id its state, in the campaign's order */
  public static RerunSelection from(Map<String, ServerState> states) {
    List<String> failed = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    List<String> running = new ArrayList<>();
    states.forEach((id, state) -> {
      if (state.failure()) {
        failed.add(id);
      } else if (state == ServerState.SKIPPED || state == ServerState.DEFERRED || state == ServerState.PENDING) {
        notRun.add(id);
      } else if (state == ServerState.RUNNING) {
        running.add(id);
      }
    });
    List<String> all = new ArrayList<>(failed);
    all.addAll(notRun);
    return new RerunSelection(List.copyOf(failed), List.copyOf(notRun), List.copyOf(running),
        TargetSelector.asTargets(all));
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }

  /**
   * The start variables of the new campaign: the same job and settings as the old one, the selected
   * targets, and a canary no larger than they are.
   */
  public Map<String, Object> startVariables(CampaignSettings previous) {
    if (isEmpty()) {
      throw new IllegalStateException("nothing to run again: every server succeeded");
    }
    Map<String, Object> vars = previous.toVariables();
    vars.put(CampaignSettings.TARGETS, targets);
    int count = failed.size() + notRun.size();
    vars.put(CampaignSettings.CANARY, Math.min(previous.canary(), count));
    vars.remove(CampaignSettings.WINDOW_START);
    vars.remove(CampaignSettings.WINDOW_END);
    return vars;
  }
}
