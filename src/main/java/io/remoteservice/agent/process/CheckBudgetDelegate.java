package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_CheckBudget: after a wave, whether failures are more than the budget allows (and nobody decided to
 * go on regardless). The children's start gate reads the same count, so no new server started meanwhile.
 */
@Component
class CheckBudgetDelegate implements JavaDelegate {

  private final CampaignSupport campaign;

  CheckBudgetDelegate(CampaignSupport campaign) {
    this.campaign = campaign;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int failures = campaign.failures(execution.getProcessInstanceId());
    FAILURES.on(execution, failures);
    boolean exceeded = failures > BUDGET_LIMIT.orDefault(execution, 0)
        && !Boolean.TRUE.equals(BUDGET_OVERRIDE.from(execution))
        && !Boolean.TRUE.equals(ABORTED.from(execution));
    BUDGET_EXCEEDED.on(execution, exceeded);
    if (exceeded) {
      BUDGET_DECISION.on(execution, null);
    }
  }
}
