package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_RunHealthCheck: the job's own health check after a successful AutoAction. */
@Component
class RunHealthCheckDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  RunHealthCheckDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    MaintenanceSteps.Health health = steps.healthCheck(SERVER_ID.required(execution), JOB_ID.required(execution),
        RUN_ID.required(execution));
    HEALTHY.on(execution, health.healthy());
    HEALTH_OUTPUT.on(execution, PoolStepVariables.bounded(health.output()));
  }
}
