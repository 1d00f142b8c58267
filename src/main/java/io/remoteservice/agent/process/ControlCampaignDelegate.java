package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Pause, resume or abort (from a message or the Tasklist form): the campaign's flags, which the start
 * gate of every server not yet started reads. Running servers finish safely either way.
 */
@Component
class ControlCampaignDelegate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    String control = CAMPAIGN_CONTROL.required(execution);
    switch (control) {
      case "pause" -> PAUSED.on(execution, true);
      case "resume" -> PAUSED.on(execution, false);
      case "abort" -> ABORTED.on(execution, true);
      default -> throw new IllegalArgumentException("campaignControl must be pause, resume or abort, not '" + control + "'");
    }
    if (execution.hasVariableLocal(CAMPAIGN_CONTROL.name())) {
      execution.removeVariableLocal(CAMPAIGN_CONTROL.name());
    } else {
      execution.removeVariable(CAMPAIGN_CONTROL.name());
    }
  }
}
