package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_EvaluateCanary: did any canary server end other than SUCCEEDED (reverted, not changed, ...)? */
@Component
class EvaluateCanaryDelegate implements JavaDelegate {

  private final CampaignSupport campaign;

  EvaluateCanaryDelegate(CampaignSupport campaign) {
    this.campaign = campaign;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignId = execution.getProcessInstanceId();
    int canaryFailures = campaign.failures(campaignId, campaign.split(CANARY_SERVERS.from(execution)));
    CANARY_FAILED.on(execution, canaryFailures > 0);
    FAILURES.on(execution, campaign.failures(campaignId));
  }
}
