package io.remoteservice.agent.process;

import io.remoteservice.agent.maintenance.MaintenanceSteps.PoolStep;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Writes a pool step's result where the "person must act?" gateway and the pool-step form read it. */
final class PoolStepVariables {

  private PoolStepVariables() {}

  static void apply(DelegateExecution execution, PoolStep step) {
    ProcessVariables.POOL_STEP_MANUAL.on(execution, step.personMustAct());
    ProcessVariables.POOL_STEP_INSTRUCTIONS.on(execution, step.personMustAct() ? step.instructions() : null);
    ProcessVariables.POOL_STEP_DONE.on(execution, null);
  }

  /** Process variables hold bounded text: strings longer than this do not fit every database. */
  static String bounded(String text) {
    if (text == null || text.length() <= 3000) {
      return text;
    }
    return text.substring(0, 1400) + "\n[... " + (text.length() - 2800) + " characters cut ...]\n"
        + text.substring(text.length() - 1400);
  }
}
