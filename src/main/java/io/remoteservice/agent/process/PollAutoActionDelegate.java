package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_PollAutoAction: asks whether the AutoAction ended and judges its outcome; kills it past its timeout. */
@Component
class PollAutoActionDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  PollAutoActionDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    MaintenanceSteps.RunState run = steps.pollAutoAction(SERVER_ID.required(execution), JOB_ID.required(execution),
        RUN_ID.required(execution), AUTO_ACTION_STARTED_AT.required(execution).toInstant());
    AUTO_ACTION_ENDED.on(execution, run.ended());
    if (run.ended()) {
      AUTO_ACTION_SUCCEEDED.on(execution, Boolean.TRUE.equals(run.succeeded()));
      AUTO_ACTION_EXIT.on(execution, run.exitCode());
      AUTO_ACTION_REASON.on(execution, PoolStepVariables.bounded(run.reason()));
      AUTO_ACTION_OUTPUT.on(execution, PoolStepVariables.bounded(run.output()));
      AUTO_ACTION_REPORTED.on(execution, run.reported());
    }
  }
}
