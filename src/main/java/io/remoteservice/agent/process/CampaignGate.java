package io.remoteservice.agent.process;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether a server of a campaign may start now: the campaign runs, is neither paused nor aborted, its
 * failure budget is not exceeded, and its window is open. A server without a campaign (started directly
 * by an administrator) may always start. Reads the campaign's own process variables, so the answer holds
 * on every engine node.
 */
@Component
class CampaignGate {

  record Verdict(boolean allowed, String reason) {
    static Verdict allow() {
      return new Verdict(true, null);
    }

    static Verdict refuse(String reason) {
      return new Verdict(false, reason);
    }
  }

  private final RuntimeService runtime;
  private final Supplier<OffsetDateTime> clock;

  @Autowired
  CampaignGate(RuntimeService runtime) {
    this(runtime, OffsetDateTime::now);
  }

  CampaignGate(RuntimeService runtime, Supplier<OffsetDateTime> clock) {
    this.runtime = runtime;
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
    if (Boolean.TRUE.equals(runtime.getVariable(campaignId, ProcessVariables.PAUSED.name()))) {
      return Verdict.refuse("campaign " + campaignId + " is paused");
    }
    if (Boolean.TRUE.equals(runtime.getVariable(campaignId, ProcessVariables.BUDGET_EXCEEDED.name()))) {
      return Verdict.refuse("campaign " + campaignId + " exceeded its failure budget");
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
    return Verdict.allow();
  }
}
