package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_AcquireCapacity: asks the campaign again (it may have been paused or aborted while this server
 * waited) and then the pool's capacity guard for a lease owned by this process instance.
 */
@Component
class AcquireCapacityDelegate implements JavaDelegate {

  private final CampaignGate gate;
  private final MaintenanceSteps steps;

  AcquireCapacityDelegate(CampaignGate gate, MaintenanceSteps steps) {
    this.gate = gate;
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CampaignGate.Verdict verdict = gate.mayStart(CAMPAIGN_ID.from(execution));
    MAY_START.on(execution, verdict.allowed() || verdict.hold());
    if (!verdict.allowed()) {
      CAPACITY_GRANTED.on(execution, false);
      REASON.on(execution, verdict.reason());
      return;
    }
    MaintenanceSteps.Capacity capacity = steps.acquireCapacity(SERVER_ID.required(execution),
        execution.getProcessInstanceId());
    CAPACITY_GRANTED.on(execution, capacity.granted());
    REASON.on(execution, capacity.granted() ? null : capacity.reason());
  }
}
