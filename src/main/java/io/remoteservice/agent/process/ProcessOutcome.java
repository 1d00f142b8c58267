package io.remoteservice.agent.process;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Sets {@code outcome} where a path of {@code server-maintenance} decides it, as an execution listener on
 * the sequence flow: {@code ${rsaOutcome.set(execution, 'REVERTED')}}.
 */
@Component("rsaOutcome")
public class ProcessOutcome {

  static final Set<String> OUTCOMES = Set.of(ProcessVariables.SUCCEEDED, ProcessVariables.REVERTED_OUTCOME,
      ProcessVariables.REVERT_FAILED, ProcessVariables.SKIPPED, ProcessVariables.NOT_CHANGED);

  public void set(DelegateExecution execution, String outcome) {
    if (!OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("unknown outcome '" + outcome + "'; one of " + OUTCOMES);
    }
    ProcessVariables.OUTCOME.on(execution, outcome);
    ProcessVariables.REVERTED.on(execution, ProcessVariables.REVERTED_OUTCOME.equals(outcome));
  }
}
