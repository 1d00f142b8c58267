package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReleaseCapacity: the pool lease held by this process instance is given back. */
@Component
class ReleaseCapacityDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  ReleaseCapacityDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    steps.releaseCapacity(SERVER_ID.required(execution), execution.getProcessInstanceId());
  }
}
