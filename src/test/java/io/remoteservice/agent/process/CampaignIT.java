package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.TestUsers;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.report.Notice;
import io.remoteservice.agent.report.NoticeQuery;
import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.security.Groups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A campaign as people run it, through the REST API, on PostgreSQL with real sshd and HAProxy: an
 * operator starts it, confirms the plan, cannot approve it herself (four eyes), an approver approves,
 * every server of two pools is maintained once, and the progress and the notices say so.
 */
@FleetAgentTest
class CampaignIT {

  static final String PASSWORD = "Campaign-Pass-42!";
  static MaintenanceFixture fixture;

  @DynamicPropertySource
  static void fleet(DynamicPropertyRegistry registry) {
    fixture = new MaintenanceFixture(3, "web", "app");
    FleetAgentTest.Registration.register(registry, CampaignIT.class, fixture.inventory, fixture.jobs);
  }

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ReportService reports;

  @BeforeEach
  void users() {
    user("olga", Groups.OPERATORS);
    user("arne", Groups.APPROVERS);
  }

  void user(String id, String group) {
    TestUsers.ensure(identity, id, group, PASSWORD);
    // The operator may also be an approver: four eyes must still stop her approving her own campaign.
    if (id.equals("olga") && identity.createUserQuery().userId(id).memberOfGroup(Groups.APPROVERS).count() == 0) {
      identity.createMembership(id, Groups.APPROVERS);
    }
  }

  ResponseEntity<Map> post(String user, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, PASSWORD).exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Map.class);
  }

  Task awaitTask(String campaign, String key) {
    await().atMost(Duration.ofMinutes(1)).until(() ->
        tasks.createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).count() == 1);
    return tasks.createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).singleResult();
  }

  @Test
  void anOperatorStartsAnApproverApprovesAndEveryServerIsMaintainedOnce() {
    Map<String, Long> runsBefore = new java.util.HashMap<>();
    fixture.site.servers().forEach(s -> runsBefore.put(s.id(), MaintenanceFixture.lines(s.files().resolve("counter"))));
    String start = """
        {"variables": {
          "jobId": {"value": "%s", "type": "String"},
          "targets": {"value": "pool:web, pool:app", "type": "String"},
          "canary": {"value": 1, "type": "Integer"},
          "parallelism": {"value": 4, "type": "Integer"},
          "failureBudget": {"value": "1", "type": "String"}}}""".formatted(MaintenanceFixture.JOB);
    ResponseEntity<Map> started = post("olga", "/engine-rest/process-definition/key/maintenance-campaign/start", start);
    assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
    String campaign = (String) started.getBody().get("id");

    Task confirm = awaitTask(campaign, "UserTask_ConfirmCampaign");
    assertThat((String) tasks.getVariable(confirm.getId(), "planText")).contains("web").contains("app");
    assertThat(tasks.getVariable(confirm.getId(), "approvedDigest")).isEqualTo(fixture.digest());
    assertThat(post("olga", "/engine-rest/task/" + confirm.getId() + "/complete",
        "{\"variables\": {\"confirmed\": {\"value\": true, \"type\": \"Boolean\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    Task approval = awaitTask(campaign, "UserTask_ApproveCampaign");
    String approve = "{\"variables\": {\"approved\": {\"value\": true, \"type\": \"Boolean\"},"
        + " \"approvalComment\": {\"value\": \"fine\", \"type\": \"String\"}}}";
    ResponseEntity<Map> own = post("olga", "/engine-rest/task/" + approval.getId() + "/complete", approve);
    // Four eyes, enforced by the engine: the initiator has no right to work on her campaign's approval.
    assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(own.getBody().get("message"))).contains("Four eyes").contains("olga");
    // Claiming it first does not help either.
    ResponseEntity<Map> claim = post("olga", "/engine-rest/task/" + approval.getId() + "/claim", "{\"userId\":\"olga\"}");
    assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    System.out.println("[CampaignIT] the initiator approving her own campaign: " + own.getStatusCode() + " "
        + own.getBody().get("message"));
    assertThat(tasks.createTaskQuery().taskId(approval.getId()).count()).as("the approval stays open").isOne();
    assertThat(post("arne", "/engine-rest/task/" + approval.getId() + "/complete", approve).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
        history.createHistoricProcessInstanceQuery().processInstanceId(campaign).finished().count() == 1);

    for (FleetServer server : fixture.site.servers()) {
      assertThat(MaintenanceFixture.lines(server.files().resolve("counter"))).as(server.id())
          .isEqualTo(runsBefore.get(server.id()) + 1);
      fixture.awaitUp(server);
    }
    ResponseEntity<Map> progress = rest.withBasicAuth("arne", PASSWORD).getForEntity("/api/campaigns/" + campaign, Map.class);
    assertThat(progress.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(progress.getBody().get("status")).isEqualTo("FINISHED");
    assertThat(((Map<?, ?>) progress.getBody().get("counts")).get("SUCCEEDED")).isEqualTo(6);
    List<Notice> notices = reports.notices(new NoticeQuery(null, campaign, null, null, 100));
    assertThat(notices).extracting(Notice::kind).contains(Notice.Kind.ANNOUNCEMENT, Notice.Kind.CAMPAIGN_REPORT);
    System.out.println("[CampaignIT] campaign " + campaign + ": " + progress.getBody().get("counts"));
  }

  @Test
  void aRerunTakesTheFailedServerAgainAndNeedsApprovalAnew() throws Exception {
    FleetServer failing = fixture.site.server("app-02");
    java.nio.file.Path fail = java.nio.file.Files.writeString(failing.files().resolve("fail"), "");
    String campaign;
    try {
      String start = """
          {"variables": {
            "jobId": {"value": "%s", "type": "String"},
            "targets": {"value": "pool:app", "type": "String"},
            "canary": {"value": 0, "type": "Integer"},
            "parallelism": {"value": 3, "type": "Integer"},
            "failureBudget": {"value": "1", "type": "String"}}}""".formatted(MaintenanceFixture.JOB);
      ResponseEntity<Map> started = post("olga", "/engine-rest/process-definition/key/maintenance-campaign/start", start);
      assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
      campaign = (String) started.getBody().get("id");
      Task confirm = awaitTask(campaign, "UserTask_ConfirmCampaign");
      post("olga", "/engine-rest/task/" + confirm.getId() + "/complete",
          "{\"variables\": {\"confirmed\": {\"value\": true, \"type\": \"Boolean\"}}}");
      Task approval = awaitTask(campaign, "UserTask_ApproveCampaign");
      post("arne", "/engine-rest/task/" + approval.getId() + "/complete",
          "{\"variables\": {\"approved\": {\"value\": true, \"type\": \"Boolean\"}}}");
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
          history.createHistoricProcessInstanceQuery().processInstanceId(campaign).finished().count() == 1);
    } finally {
      java.nio.file.Files.deleteIfExists(fail);
    }
    Map<?, ?> counts = (Map<?, ?>) rest.withBasicAuth("arne", PASSWORD)
        .getForEntity("/api/campaigns/" + campaign, Map.class).getBody().get("counts");
    assertThat(counts.get("REVERTED")).isEqualTo(1);
    assertThat(counts.get("SUCCEEDED")).isEqualTo(2);

    assertThat(post("arne", "/api/campaigns/" + campaign + "/rerun", "{}").getStatusCode())
        .as("approvers read campaigns but do not start them").isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map> rerun = post("olga", "/api/campaigns/" + campaign + "/rerun", "{}");
    assertThat(rerun.getStatusCode()).as(String.valueOf(rerun.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(rerun.getBody().get("targets")).isEqualTo("app-02");
    String again = (String) rerun.getBody().get("campaign");
    Task confirmAgain = awaitTask(again, "UserTask_ConfirmCampaign");
    assertThat(tasks.getVariable(confirmAgain.getId(), "targets")).isEqualTo("app-02");
    assertThat(tasks.getVariable(confirmAgain.getId(), "initiator")).isEqualTo("olga");
    System.out.println("[CampaignIT] re-run of " + campaign + ": campaign " + again + " for " + rerun.getBody().get("targets"));
    post("olga", "/engine-rest/task/" + confirmAgain.getId() + "/complete",
        "{\"variables\": {\"confirmed\": {\"value\": false, \"type\": \"Boolean\"}}}");
  }
}
