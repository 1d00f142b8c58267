package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.maintenance.MaintenanceRefusal;
import org.camunda.bpm.engine.delegate.BpmnError;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_PreflightServer: everything that can be checked while the server still serves users; a refusal ends NOT_CHANGED. */
@Component
class PreflightServerDelegate implements JavaDelegate {

  private final MaintenanceSteps steps;

  PreflightServerDelegate(MaintenanceSteps steps) {
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String approvedDigest = APPROVED_DIGEST.from(execution);
    if (approvedDigest == null || approvedDigest.isBlank()) {
      refuse(execution, "no approvedDigest: a server is maintained only with the digest that was approved");
    }
    try {
      MaintenanceSteps.Preflight p = steps.preflight(SERVER_ID.required(execution), JOB_ID.required(execution),
          approvedDigest, RUN_ID.required(execution));
      POOL_ID.on(execution, p.poolId());
      CUSTOMER_ID.on(execution, p.customerId());
      PLATFORM.on(execution, p.platform());
      VARIANT.on(execution, p.variant());
      REVERT_VARIANT.on(execution, p.revertVariant());
      JOB_VERSION.on(execution, p.jobVersion());
      RUN_DIR.on(execution, p.runDir());
      BALANCED.on(execution, p.balanced());
    } catch (MaintenanceRefusal refusal) {
      refuse(execution, refusal.code() + ": " + refusal.getMessage());
    }
  }

  private static void refuse(DelegateExecution execution, String reason) {
    REASON.on(execution, PoolStepVariables.bounded(reason));
    throw new BpmnError("PREFLIGHT_REFUSED", reason);
  }
}
