package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.inventory.Customer;
import io.remoteservice.agent.report.Announcement;
import io.remoteservice.agent.report.ReportService;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_AnnounceCampaign: a notice to each affected customer's contacts, with the README's summary and the window. */
@Component
class AnnounceCampaignDelegate implements JavaDelegate {

  private final ReportService reports;
  private final CampaignSupport campaign;

  AnnounceCampaignDelegate(ReportService reports, CampaignSupport campaign) {
    this.reports = reports;
    this.campaign = campaign;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> servers = new ArrayList<>(campaign.split(CANARY_SERVERS.from(execution)));
    servers.addAll(campaign.split(ROLLOUT_SERVERS.from(execution)));
    String end = WINDOW_END.from(execution);
    for (Map.Entry<Customer, List<String>> entry : campaign.byCustomer(servers).entrySet()) {
      reports.announce(new Announcement(execution.getProcessInstanceId(), JOB_ID.required(execution),
          JOB_TITLE.from(execution), JOB_VERSION.from(execution), APPROVED_DIGEST.required(execution),
          summary(JOB_README.from(execution)), entry.getValue(),
          OffsetDateTime.parse(WINDOW_START.required(execution)).toInstant(),
          end == null ? null : OffsetDateTime.parse(end).toInstant()), entry.getKey());
    }
  }

  /** The README's first paragraph after its title: what the customer reads first. */
  static String summary(String readme) {
    if (readme == null || readme.isBlank()) {
      return "";
    }
    StringBuilder paragraph = new StringBuilder();
    for (String line : readme.lines().toList()) {
      if (line.startsWith("#")) {
        if (paragraph.length() > 0) {
          break;
        }
        continue;
      }
      if (line.isBlank()) {
        if (paragraph.length() > 0) {
          break;
        }
        continue;
      }
      paragraph.append(paragraph.length() > 0 ? " " : "").append(line.trim());
    }
    return paragraph.length() > 1000 ? paragraph.substring(0, 1000) + " …" : paragraph.toString();
  }
}
