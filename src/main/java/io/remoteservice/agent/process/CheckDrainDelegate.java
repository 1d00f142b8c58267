package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.util.Date;
import org.camunda.bpm.engine.delegate.BpmnError;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CheckDrain: one round of the drain loop (clear sticky entries, count sessions, apply the policy). */
@Component
class CheckDrainDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  CheckDrainDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      Date started = DRAIN_STARTED_AT.required(execution);
      MaintenanceSteps.DrainRound round = steps.drainRound(SERVER_ID.required(execution), JOB_ID.required(execution),
          started.toInstant());
      DRAIN_STATE.on(execution, round.state());
      DRAIN_SESSIONS.on(execution, round.sessions());
      DRAIN_ON_TIMEOUT.on(execution, round.onTimeout());
      POOL_STEP_INSTRUCTIONS.on(execution, round.instructions());
    } catch (RuntimeException e) {
      REASON.on(execution, PoolStepVariables.bounded("load balancer failed while draining: " + e.getMessage()));
      throw new BpmnError("LB_FAILED", e.getMessage());
    }
  }
}
