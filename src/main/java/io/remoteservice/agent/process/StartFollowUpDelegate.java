package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Task_StartFollowUp: starts {@code manual-access} for the failed server, with what happened. When the
 * server stays out of its pool (FailureRevert failed), its capacity lease passes to the follow-up in the
 * same transaction, so that the pool never counts it twice nor loses it; this process then ends without
 * waiting for a person.
 */
@Component
class StartFollowUpDelegate implements JavaDelegate {

  static final String MANUAL_ACCESS = "manual-access";

  private final RuntimeService runtime;
  private final MaintenanceSteps steps;

  StartFollowUpDelegate(RuntimeService runtime, MaintenanceSteps steps) {
    this.runtime = runtime;
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String serverId = SERVER_ID.required(execution);
    boolean inPool = !REVERT_FAILED.equals(OUTCOME.from(execution));
    VariableMap variables = Variables.createVariables();
    for (Variable<?> v : new Variable<?>[] {SERVER_ID, JOB_ID, CAMPAIGN_ID, POOL_ID, CUSTOMER_ID, VARIANT, OUTCOME,
        AUTO_ACTION_EXIT, AUTO_ACTION_OUTPUT, FAILURE_REVERT_EXIT, FAILURE_REVERT_OUTPUT}) {
      copy(v, execution, variables);
    }
    variables.putValueTyped(IN_POOL.name(), IN_POOL.typed(inPool));
    ProcessInstance followUp = runtime.startProcessInstanceByKey(MANUAL_ACCESS,
        execution.getProcessBusinessKey(), variables);
    if (!inPool) {
      steps.transferCapacity(serverId, execution.getProcessInstanceId(), followUp.getId());
    }
    FOLLOW_UP_ID.on(execution, followUp.getId());
  }

  private static <T> void copy(Variable<T> variable, DelegateExecution from, VariableMap to) {
    to.putValueTyped(variable.name(), variable.typed(variable.from(from)));
  }
}
