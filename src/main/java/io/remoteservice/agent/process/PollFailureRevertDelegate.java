package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.util.Date;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_PollFailureRevert: asks whether FailureRevert ended and whether the server runs as before. */
@Component
class PollFailureRevertDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  PollFailureRevertDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date started = FAILURE_REVERT_STARTED_AT.from(execution);
    MaintenanceSteps.RunState run = steps.pollFailureRevert(SERVER_ID.required(execution), JOB_ID.required(execution),
        RUN_ID.required(execution), started == null ? null : started.toInstant());
    FAILURE_REVERT_ENDED.on(execution, run.ended());
    if (run.ended()) {
      FAILURE_REVERT_SUCCEEDED.on(execution, Boolean.TRUE.equals(run.succeeded()));
      FAILURE_REVERT_EXIT.on(execution, run.exitCode());
      FAILURE_REVERT_OUTPUT.on(execution, PoolStepVariables.bounded(
          run.reason() == null ? run.output() : run.reason() + "\n" + run.output()));
    }
  }
}
