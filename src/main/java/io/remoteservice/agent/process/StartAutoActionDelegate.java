package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.time.Instant;
import java.util.Date;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_StartAutoAction: starts the AutoAction detached and completes at once; FailureRevert compensates it. */
@Component
class StartAutoActionDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  StartAutoActionDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    MaintenanceSteps.RunState run = steps.startAutoAction(SERVER_ID.required(execution), JOB_ID.required(execution),
        RUN_ID.required(execution));
    AUTO_ACTION_STARTED_AT.on(execution, Date.from(run.startedAt() != null ? run.startedAt() : Instant.now()));
  }
}
