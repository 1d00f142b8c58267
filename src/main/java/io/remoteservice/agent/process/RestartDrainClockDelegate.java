package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.DRAIN_DECISION;
import static io.remoteservice.agent.process.ProcessVariables.DRAIN_STARTED_AT;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_RestartDrainClock: an operator chose to wait: the drain timeout starts again from now. */
@Component
class RestartDrainClockDelegate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    DRAIN_STARTED_AT.on(execution, new Date());
    DRAIN_DECISION.on(execution, null);
  }
}
