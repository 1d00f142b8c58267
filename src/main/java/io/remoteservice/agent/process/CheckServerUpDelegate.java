package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CheckServerUp: whether every load balancer reports the returned server UP. */
@Component
class CheckServerUpDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  CheckServerUpDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    SERVER_UP.on(execution, steps.isUp(SERVER_ID.required(execution)));
  }
}
