package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.util.Date;
import org.camunda.bpm.engine.delegate.BpmnError;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_DrainServer: no new users reach the server; a load balancer that fails here puts the server back. */
@Component
class DrainServerDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  DrainServerDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      PoolStepVariables.apply(execution, steps.poolStep(SERVER_ID.required(execution), MaintenanceSteps.PoolVerb.DRAIN));
      DRAIN_STARTED_AT.on(execution, new Date());
    } catch (RuntimeException e) {
      REASON.on(execution, PoolStepVariables.bounded("load balancer failed while draining: " + e.getMessage()));
      throw new BpmnError("LB_FAILED", e.getMessage());
    }
  }
}
