package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.time.Instant;
import java.util.Date;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_StartFailureRevert, the compensation of Task_StartAutoAction: starts FailureRevert detached in the same run directory. */
@Component
class StartFailureRevertDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  StartFailureRevertDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    MaintenanceSteps.RunState run = steps.startFailureRevert(SERVER_ID.required(execution), JOB_ID.required(execution),
        RUN_ID.required(execution), AUTO_ACTION_EXIT.from(execution));
    FAILURE_REVERT_STARTED_AT.on(execution, Date.from(run.startedAt() != null ? run.startedAt() : Instant.now()));
  }
}
