package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_CheckStartGate: fixes the run id (derived from the process instance, so that a retried or
 * restarted step finds the same run on the server) and asks the campaign whether this server may start.
 */
@Component
class CheckStartGateDelegate implements JavaDelegate {

  private final CampaignGate gate;

  CheckStartGateDelegate(CampaignGate gate) {
    this.gate = gate;
  }

  static String runId(DelegateExecution execution) {
    return "run-" + execution.getProcessInstanceId();
  }

  @Override
  public void execute(DelegateExecution execution) {
    RUN_ID.on(execution, runId(execution));
    CampaignGate.Verdict verdict = gate.mayStart(CAMPAIGN_ID.from(execution));
    // A held server (campaign paused) goes on to its preflight and waits before it takes capacity.
    MAY_START.on(execution, verdict.allowed() || verdict.hold());
    REASON.on(execution, verdict.reason());
  }
}
