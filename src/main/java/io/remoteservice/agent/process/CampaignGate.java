package io.remoteservice.agent.process;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether a server of a campaign may start now: the campaign runs, is not aborted, its failure budget
 * (counted from its servers' reports) is not exceeded, its window is open — and it is not paused; a
 * paused campaign's servers hold before they take capacity and go on when it resumes. A server without a campaign (started directly
 * by an administrator) may always start. Reads the campaign's own process variables, so the answer holds
 * on every engine node.
 */
@Component
class CampaignGate {

  /**
   * @param allowed the server may start now
   * @param hold    not now, but later: the campaign is paused, so the server waits before taking capacity
   */
  record Verdict(boolean allowed, boolean hold, String reason) {
    static Verdict allow() {
      return new Verdict(true, false, null);
    }

    static Verdict hold(String reason) {
      return new Verdict(false, true, reason);
    }

    static Verdict refuse(String reason) {
      return new Verdict(false, false, reason);
    }
  }

  private final RuntimeService runtime;
  private final CampaignSupport campaigns;
  private final Supplier<OffsetDateTime> clock;

  @Autowired
  CampaignGate(RuntimeService runtime, CampaignSupport campaigns) {
    this(runtime, campaigns, OffsetDateTime::now);
  }

  CampaignGate(RuntimeService runtime, CampaignSupport campaigns, Supplier<OffsetDateTime> clock) {
    this.runtime = runtime;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  Verdict mayStart(String campaignId) {
    if (campaignId == null || campaignId.isBlank()) {
      return Verdict.allow();
    }
    ProcessInstance campaign = runtime.createProcessInstanceQuery().processInstanceId(campaignId).singleResult();
    if (campaign == null) {
      return Verdict.refuse("campaign " + campaignId + " is not running");
    }
    if (campaign.isSuspended()) {
      return Verdict.refuse("campaign " + campaignId + " is suspended");
    }
    if (Boolean.TRUE.equals(runtime.getVariable(campaignId, ProcessVariables.ABORTED.name()))) {
      return Verdict.refuse("campaign " + campaignId + " was aborted");
    }
    if (!Boolean.TRUE.equals(runtime.getVariable(campaignId, ProcessVariables.BUDGET_OVERRIDE.name()))) {
      Object limit = runtime.getVariable(campaignId, ProcessVariables.BUDGET_LIMIT.name());
      int failures = campaigns.failures(campaignId);
      if (limit instanceof Integer max && failures > max) {
        return Verdict.refuse("campaign " + campaignId + " exceeded its failure budget (" + failures
            + " failed, " + max + " allowed)");
      }
    }
    Object windowEnd = runtime.getVariable(campaignId, ProcessVariables.WINDOW_END.name());
    if (windowEnd instanceof String end && !end.isBlank()) {
      try {
        if (!clock.get().isBefore(OffsetDateTime.parse(end))) {
          return Verdict.refuse("the window of campaign " + campaignId + " closed at " + end);
        }
      } catch (DateTimeParseException e) {
        return Verdict.refuse("campaign " + campaignId + " has an unreadable windowEnd '" + end + "'");
      }
    }
    if (Boolean.TRUE.equals(runtime.getVariable(campaignId, ProcessVariables.PAUSED.name()))) {
      return Verdict.hold("campaign " + campaignId + " is paused");
    }
    return Verdict.allow();
  }
}
