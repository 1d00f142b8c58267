package io.remoteservice.agent.report;

import static io.remoteservice.agent.report.TestReports.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.TestUsers;
import io.remoteservice.agent.inventory.Customer;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The read-only report API in the whole agent (H2): an auditor finds reports and notices by server,
 * campaign and customer, opens one with its steps and the customer's text, and gets clear errors.
 */
@AgentTest
class ReportApiIT {

  static final String AUDITOR = "itreportauditor";
  static final String PASSWORD = "Auditor-Pass-42!";
  static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired ReportService reports;

  // The context (and its database) is shared with other ITs: ids of our own keep the data apart.
  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String campaign = "camp-" + run;
  final String server = "ts-" + run;
  final Customer customer = new Customer("cust-" + run, "Customer " + run, List.of("admin@" + run + ".example"));

  @BeforeEach
  void createAuditor() {
    TestUsers.ensure(identity, AUDITOR, "auditors", PASSWORD);
  }

  TestRestTemplate auditor() {
    return rest.withBasicAuth(AUDITOR, PASSWORD);
  }

  JsonNode get(String path, HttpStatus expected) throws Exception {
    ResponseEntity<String> response = auditor().getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(path + " -> " + response.getBody()).isEqualTo(expected);
    System.out.println("GET " + path + " -> " + response.getBody());
    return JSON.readTree(response.getBody());
  }

  void recordThree() {
    reports.recordWithNotice(TestReports.succeeded("p1-" + run, server).campaignId(campaign)
        .customerId(customer.id()).build(), customer);
    reports.recordWithNotice(TestReports.reverted("p2-" + run, server).campaignId(campaign)
        .customerId(customer.id()).startedAt(T0.plusSeconds(60)).build(), customer);
    reports.recordWithNotice(TestReports.succeeded("p3-" + run, "other-" + run).campaignId(campaign)
        .customerId(customer.id()).startedAt(T0.plusSeconds(120)).reportedByAutoAction(true).build(), customer);
  }

  @Test
  void anAuditorOpensAReportWithStepsIsoTimesAndTheCustomersText() throws Exception {
    recordThree();
    JsonNode view = get("/api/reports/p2-" + run, HttpStatus.OK);
    JsonNode report = view.get("report");
    assertThat(report.get("processInstanceId").asText()).isEqualTo("p2-" + run);
    assertThat(report.get("outcome").asText()).isEqualTo("REVERTED");
    assertThat(report.get("reverted").asBoolean()).isTrue();
    assertThat(report.get("variant").asText()).isEqualTo("AutoAction.debian.sh");
    assertThat(report.get("autoActionExit").asInt()).isEqualTo(3);
    assertThat(report.get("revertOutput").asText()).isEqualTo("restored portal.conf\n");
    assertThat(report.get("startedAt").asText()).isEqualTo("2026-11-23T03:01:00Z");
    assertThat(report.get("endedAt").asText()).isEqualTo("2026-11-23T03:04:10Z");
    assertThat(report.get("steps")).hasSize(3);
    assertThat(report.get("steps").get(2).get("activityId").asText()).isEqualTo("Task_RunAutoAction");
    assertThat(report.get("steps").get(2).get("startedAt").asText()).isEqualTo("2026-11-23T03:02:05Z");
    assertThat(view.get("durationSeconds").asLong()).isEqualTo(190);
    assertThat(view.get("text").asText()).startsWith("Maintenance of server " + server + ": REVERTED");
  }

  @Test
  void theListFiltersByServerCampaignAndCustomerNewestFirst() throws Exception {
    recordThree();
    JsonNode byServer = get("/api/reports?serverId=" + server, HttpStatus.OK);
    assertThat(byServer).extracting(n -> n.get("processInstanceId").asText()).containsExactly("p2-" + run, "p1-" + run);
    assertThat(byServer.get(0).get("href").asText()).isEqualTo("/api/reports/p2-" + run);
    assertThat(byServer.get(0).has("autoActionOutput")).as("the list leaves outputs out").isFalse();
    assertThat(get("/api/reports?campaignId=" + campaign + "&limit=2", HttpStatus.OK))
        .extracting(n -> n.get("processInstanceId").asText()).containsExactly("p3-" + run, "p2-" + run);
    assertThat(get("/api/reports?customerId=" + customer.id() + "&serverId=other-" + run, HttpStatus.OK))
        .extracting(n -> n.get("processInstanceId").asText()).containsExactly("p3-" + run);
    assertThat(get("/api/reports?serverId=nobody-" + run, HttpStatus.OK)).isEmpty();
  }

  @Test
  void noticesListByCustomerCampaignAndKind() throws Exception {
    recordThree();
    JsonNode notices = get("/api/notices?customerId=" + customer.id(), HttpStatus.OK);
    // The third AutoAction reported itself: no notice of the agent's own for it.
    assertThat(notices).extracting(n -> n.get("processInstanceId").asText())
        .containsExactlyInAnyOrder("p1-" + run, "p2-" + run);
    JsonNode first = notices.get(0);
    assertThat(first.get("kind").asText()).isEqualTo("SERVER_REPORT");
    assertThat(first.get("recipients").get(0).asText()).isEqualTo("admin@" + run + ".example");
    assertThat(first.get("sendState").asText()).isEqualTo("PENDING");
    assertThat(first.get("sendDetail").asText()).isEqualTo("recorded only: no e-mail or webhook sink is configured");
    assertThat(first.get("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    reports.campaignReport(campaign, customer, java.util.Map.of());
    assertThat(get("/api/notices?campaignId=" + campaign + "&kind=CAMPAIGN_REPORT", HttpStatus.OK))
        .extracting(n -> n.get("id").asText()).containsExactly("campaign-report:" + campaign + ":" + customer.id());
    assertThat(get("/api/notices?campaignId=" + campaign + "&kind=server_report", HttpStatus.OK)).hasSize(2);
  }

  @Test
  void unknownIdsAndBadParametersGetClearMessages() throws Exception {
    assertThat(get("/api/reports/nope-" + run, HttpStatus.NOT_FOUND).get("error").asText())
        .isEqualTo("no report for process instance 'nope-" + run + "'; a report is written when a"
            + " server-maintenance run ends (list them at /api/reports)");
    assertThat(get("/api/notices/nope-" + run, HttpStatus.NOT_FOUND).get("error").asText())
        .startsWith("no notice 'nope-" + run + "'");
    assertThat(get("/api/reports?limit=0", HttpStatus.BAD_REQUEST).get("error").asText())
        .isEqualTo("limit must be between 1 and 1000, got 0");
    assertThat(get("/api/reports?limit=many", HttpStatus.BAD_REQUEST).get("error").asText())
        .isEqualTo("parameter 'limit' must be a number, got 'many'");
    assertThat(get("/api/notices?kind=memo", HttpStatus.BAD_REQUEST).get("error").asText())
        .isEqualTo("unknown notice kind 'memo'; known: [ANNOUNCEMENT, SERVER_REPORT, CAMPAIGN_REPORT, ALARM]");
  }

  @Test
  void nothingWithoutCredentials() {
    for (String path : List.of("/api/reports", "/api/reports/x", "/api/notices")) {
      assertThat(rest.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    assertThat(rest.withBasicAuth(AgentTest.ADMIN, AgentTest.PASSWORD).getForEntity("/api/reports", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
