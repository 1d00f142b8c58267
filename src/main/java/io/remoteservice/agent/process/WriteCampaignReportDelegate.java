package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.inventory.Customer;
import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.report.ServerReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_WriteCampaignReport: per customer a notice with every server's outcome and the servers that did
 * not start (deferred: aborted, window closed, or never reached). Open manual-access follow-ups go on.
 */
@Component
class WriteCampaignReportDelegate implements JavaDelegate {

  private final ReportService reports;
  private final CampaignSupport campaign;

  WriteCampaignReportDelegate(ReportService reports, CampaignSupport campaign) {
    this.reports = reports;
    this.campaign = campaign;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignId = execution.getProcessInstanceId();
    List<String> servers = new ArrayList<>(campaign.split(CANARY_SERVERS.from(execution)));
    servers.addAll(campaign.split(ROLLOUT_SERVERS.from(execution)));
    Map<String, ServerReport> done = campaign.latestReports(campaignId);
    String why = Boolean.TRUE.equals(ABORTED.from(execution)) ? "the campaign was aborted"
        : "abort".equals(CANARY_DECISION.from(execution)) ? "the campaign stopped after the canary failed"
        : "abort".equals(BUDGET_DECISION.from(execution)) ? "the campaign stopped: failure budget exceeded"
        : "its window closed before it could start";
    for (Map.Entry<Customer, List<String>> entry : campaign.byCustomer(servers).entrySet()) {
      Map<String, String> notStarted = new LinkedHashMap<>();
      for (String id : entry.getValue()) {
        if (!done.containsKey(id)) {
          notStarted.put(id, why);
        }
      }
      reports.campaignReport(campaignId, entry.getKey(), notStarted);
    }
    FAILURES.on(execution, campaign.failures(campaignId));
  }
}
