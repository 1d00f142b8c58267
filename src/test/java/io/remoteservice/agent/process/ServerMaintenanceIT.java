package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.pool.CapacityGuard;
import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.report.ServerReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One server at a time, end to end, on PostgreSQL, real OpenSSH and a real HAProxy: started through the
 * REST API as an administrator would, with the digest that {@code job check} prints (issue 6).
 */
@FleetAgentTest
class ServerMaintenanceIT {

  static MaintenanceFixture fixture;

  @DynamicPropertySource
  static void fleet(DynamicPropertyRegistry registry) {
    fixture = new MaintenanceFixture("web", 3);
    FleetAgentTest.Registration.register(registry, ServerMaintenanceIT.class, fixture.inventory, fixture.jobs);
  }

  @Autowired TestRestTemplate rest;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;
  @Autowired CapacityGuard capacity;
  @Autowired ReportService reports;

  String maintain(FleetServer server, String digest) {
    String body = """
        {"variables": {
          "serverId": {"value": "%s", "type": "String"},
          "jobId": {"value": "%s", "type": "String"},
          "approvedDigest": {"value": "%s", "type": "String"}}}""".formatted(server.id(), MaintenanceFixture.JOB, digest);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map> started = rest.withBasicAuth(AgentTest.ADMIN, AgentTest.PASSWORD).postForEntity(
        "/engine-rest/process-definition/key/server-maintenance/start", new HttpEntity<>(body, headers), Map.class);
    assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
    String id = (String) started.getBody().get("id");
    await().atMost(Duration.ofMinutes(2)).until(() ->
        history.createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1);
    return id;
  }

  Object variable(String processInstanceId, String name) {
    HistoricVariableInstance v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
        .variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  @Test
  void everyServerIsMaintainedInTurnWhileTheLoadBalancerSendsItNoUsers() {
    String digest = fixture.digest();
    for (FleetServer server : fixture.servers()) {
      long runsBefore = MaintenanceFixture.lines(server.files().resolve("counter"));
      MaintenanceFixture.write(server.files().resolve("state"), "version 1\n");
      String pi = maintain(server, digest);
      assertThat(variable(pi, "outcome")).as(server.id() + ": " + variable(pi, "reason") + " / "
          + variable(pi, "autoActionOutput")).isEqualTo("SUCCEEDED");
      // The AutoAction checked from inside that its server was in MAINT, ran once, and changed the state.
      assertThat(MaintenanceFixture.read(server.files().resolve("state"))).startsWith("version 2 by run-" + pi);
      assertThat(MaintenanceFixture.lines(server.files().resolve("counter"))).isEqualTo(runsBefore + 1);
      fixture.awaitUp(server);
      assertThat(variable(pi, "variant")).isEqualTo("AutoAction.pl");
      // The history shows every step with its times.
      List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery().processInstanceId(pi)
          .orderByHistoricActivityInstanceStartTime().asc().list();
      assertThat(steps).extracting(HistoricActivityInstance::getActivityId).contains("Task_PreflightServer",
          "Task_AcquireCapacity", "Task_DrainServer", "Task_CheckDrain", "Task_DisableServer", "Task_StartAutoAction",
          "Task_PollAutoAction", "Task_EnableServer", "Task_CheckServerUp", "Task_ReleaseCapacity", "Task_WriteReport");
      assertThat(steps).allSatisfy(s -> assertThat(s.getStartTime()).isNotNull());
      ServerReport report = reports.report(pi).orElseThrow();
      assertThat(report.outcome()).isEqualTo(ServerReport.Outcome.SUCCEEDED);
      assertThat(report.steps()).isNotEmpty();
    }
    assertThat(capacity.leases(fixture.pool)).isEmpty();
  }

  @Test
  void aFailedAutoActionIsRevertedAndTheServerReturnsWithAFollowUp() throws Exception {
    FleetServer server = fixture.servers().get(1);
    Path fail = server.files().resolve("fail");
    Files.writeString(fail, "");
    String before = MaintenanceFixture.read(server.files().resolve("state"));
    try {
      String pi = maintain(server, fixture.digest());
      assertThat(variable(pi, "outcome")).as(String.valueOf(variable(pi, "autoActionOutput"))).isEqualTo("REVERTED");
      assertThat(variable(pi, "reverted")).isEqualTo(true);
      assertThat(MaintenanceFixture.read(server.files().resolve("state"))).as("FailureRevert undid the change")
          .isEqualTo(before);
      fixture.awaitUp(server);
      String followUp = (String) variable(pi, "followUpId");
      Task task = tasks.createTaskQuery().processInstanceId(followUp).singleResult();
      assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_ArrangeManualAccess");
      assertThat(tasks.getVariable(task.getId(), "inPool")).isEqualTo(true);
      tasks.complete(task.getId(), Map.of("manualDecision", "return", "manualNote", "looked at it with the admin"));
    } finally {
      Files.deleteIfExists(fail);
    }
  }

  @Test
  void aFailedRevertKeepsTheServerOutAndHandsItsLeaseToTheFollowUp() throws Exception {
    FleetServer server = fixture.servers().get(2);
    Path fail = Files.writeString(server.files().resolve("fail"), "");
    Path revertFail = Files.writeString(server.files().resolve("revert-fail"), "");
    try {
      String pi = maintain(server, fixture.digest());
      assertThat(variable(pi, "outcome")).isEqualTo("REVERT_FAILED");
      assertThat(fixture.status(server)).isEqualTo("MAINT");
      String followUp = (String) variable(pi, "followUpId");
      assertThat(capacity.leases(fixture.pool)).singleElement()
          .satisfies(l -> assertThat(l.owner()).isEqualTo(followUp));
      Task task = tasks.createTaskQuery().processInstanceId(followUp).singleResult();
      assertThat(tasks.getVariable(task.getId(), "inPool")).isEqualTo(false);
      Files.delete(revertFail);
      tasks.complete(task.getId(), Map.of("manualDecision", "return", "manualNote", "restored by hand with the admin"));
      await().atMost(Duration.ofMinutes(1)).until(() ->
          history.createHistoricProcessInstanceQuery().processInstanceId(followUp).finished().count() == 1);
      fixture.awaitUp(server);
      assertThat(capacity.leases(fixture.pool)).isEmpty();
    } finally {
      Files.deleteIfExists(fail);
      Files.deleteIfExists(revertFail);
    }
  }

  @Test
  void aPackageChangedAfterApprovalDoesNotRun() throws Exception {
    FleetServer server = fixture.servers().get(0);
    String approved = fixture.digest();
    Path program = fixture.jobs.resolve(MaintenanceFixture.JOB).resolve("AutoAction.pl");
    String original = Files.readString(program);
    long runsBefore = MaintenanceFixture.lines(server.files().resolve("counter"));
    Files.writeString(program, original + "\n# changed after approval\n");
    try {
      String pi = maintain(server, approved);
      assertThat(variable(pi, "outcome")).isEqualTo("NOT_CHANGED");
      assertThat(String.valueOf(variable(pi, "reason"))).containsIgnoringCase("digest");
      assertThat(MaintenanceFixture.lines(server.files().resolve("counter"))).isEqualTo(runsBefore);
      fixture.awaitUp(server);
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("Task_DrainServer")
          .count()).as("the server never left its pool").isZero();
    } finally {
      Files.writeString(program, original);
    }
  }
}
