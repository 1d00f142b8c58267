package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.inventory.Customer;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.report.ServerReport;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Task_WriteReport: the server's report record with its whole history (every step with its times, exit
 * codes, bounded outputs) and, unless the AutoAction reported itself, a notice to the customer. Written
 * in the engine's transaction: a retried step writes the same report again, never a second one.
 */
@Component
class WriteReportDelegate implements JavaDelegate {

  private final ReportService reports;
  private final InventoryService inventory;
  private final HistoryService history;

  WriteReportDelegate(ReportService reports, InventoryService inventory, HistoryService history) {
    this.reports = reports;
    this.inventory = inventory;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String processInstanceId = execution.getProcessInstanceId();
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    ServerReport.Builder report = ServerReport.builder(processInstanceId, SERVER_ID.required(execution),
            JOB_ID.required(execution))
        .campaignId(CAMPAIGN_ID.from(execution))
        .poolId(POOL_ID.from(execution))
        .customerId(CUSTOMER_ID.from(execution))
        .jobVersion(JOB_VERSION.from(execution))
        .digest(APPROVED_DIGEST.from(execution))
        .platform(PLATFORM.from(execution))
        .variant(VARIANT.from(execution))
        .revertVariant(REVERT_VARIANT.from(execution))
        .outcome(ServerReport.Outcome.parse(OUTCOME.required(execution)))
        .reason(reason(execution))
        .autoAction(AUTO_ACTION_EXIT.from(execution), AUTO_ACTION_OUTPUT.from(execution))
        .failureRevert(FAILURE_REVERT_EXIT.from(execution), FAILURE_REVERT_OUTPUT.from(execution))
        .reportedByAutoAction(Boolean.TRUE.equals(AUTO_ACTION_REPORTED.from(execution)))
        .followUpInstanceId(FOLLOW_UP_ID.from(execution))
        .startedAt(instance == null ? Instant.now() : instance.getStartTime().toInstant())
        .endedAt(Instant.now());
    for (HistoricActivityInstance step : history.createHistoricActivityInstanceQuery()
        .processInstanceId(processInstanceId).orderByHistoricActivityInstanceStartTime().asc()
        .orderPartiallyByOccurrence().asc().list()) {
      if (step.getActivityName() != null) {
        report.step(step.getActivityName(), step.getActivityId(), step.getStartTime().toInstant(),
            instant(step.getEndTime()), step.isCanceled() ? "canceled" : null);
      }
    }
    Customer customer = CUSTOMER_ID.from(execution) == null ? null
        : inventory.current().customer(CUSTOMER_ID.from(execution)).orElse(null);
    reports.recordWithNotice(report.build(), customer);
  }

  private static String reason(DelegateExecution execution) {
    String outcome = OUTCOME.from(execution);
    if (SUCCEEDED.equals(outcome)) {
      return null;
    }
    if (REVERTED_OUTCOME.equals(outcome) || REVERT_FAILED.equals(outcome)) {
      String why = AUTO_ACTION_REASON.from(execution);
      if (why == null && Boolean.FALSE.equals(HEALTHY.from(execution))) {
        why = "health check failed: " + HEALTH_OUTPUT.from(execution);
      }
      return why;
    }
    return REASON.from(execution);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
