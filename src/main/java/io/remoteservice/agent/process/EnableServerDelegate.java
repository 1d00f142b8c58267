package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_EnableServer (server-maintenance and manual-access): the server is put back into its pool. */
@Component
class EnableServerDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  EnableServerDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PoolStepVariables.apply(execution, steps.poolStep(SERVER_ID.required(execution), MaintenanceSteps.PoolVerb.ENABLE));
  }
}
