package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.TestUsers;
import io.remoteservice.agent.fleet.Browser;
import io.remoteservice.agent.fleet.CamundaWebapp;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.security.Groups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The manual-access form as an operator meets it in Tasklist, in headless Chromium (issue 6, must-show 3):
 * it shows what happened on the server and lets the operator decide. Screenshots stay in
 * {@code target/test-artifacts/ManualAccessFormIT/}.
 */
@AgentTest
@ExtendWith(FleetExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualAccessFormIT {

  static final String OPERATOR = "formoperator";
  static final String AUDITOR = "formauditor";
  static final String PASSWORD = "Tasklist-View-7#";
  static final String SERVER = "portal-db-07";
  static final String AUTO_ACTION_OUTPUT = """
      RSA: stopping portal service
      RSA: applying portal.conf 2.4.1
      ERROR: schema migration 0042 failed: relation "sessions" is locked
      """;
  static final String REVERT_OUTPUT = """
      RSA-REVERT: restoring portal.conf from backup
      ERROR: backup /var/backups/portal.conf.rsa missing
      """;

  static Browser browser;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @LocalServerPort int port;

  @BeforeEach
  void setUp(Fleet fleet) {
    user(OPERATOR, "Olga", "Ops", Groups.OPERATORS);
    user(AUDITOR, "Arne", "Audit", Groups.AUDITORS);
    if (browser == null) {
      browser = Browser.start(fleet, ManualAccessFormIT.class, "http://localhost:" + port);
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  void user(String id, String first, String last, String group) {
    TestUsers.ensure(identity, id, group, PASSWORD, first, last);
  }

  ProcessInstance failedServer() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("serverId", SERVER);
    vars.put("poolId", "portal");
    vars.put("customerId", "acme");
    vars.put("jobId", "update-portal-config");
    vars.put("variant", "debian-12-amd64");
    vars.put("outcome", "REVERT_FAILED");
    vars.put("inPool", false);
    vars.put("autoActionExit", 3);
    vars.put("autoActionOutput", AUTO_ACTION_OUTPUT);
    vars.put("failureRevertExit", 1);
    vars.put("failureRevertOutput", REVERT_OUTPUT);
    return runtime.startProcessInstanceByKey("manual-access", SERVER + "-" + System.nanoTime(), vars);
  }

  @Test
  @Order(1)
  void operatorSeesWhatHappenedAndKeepsTheServerOut() {
    ProcessInstance pi = failedServer();
    CamundaWebapp tasklist = browser.tasklist();

    tasklist.login(OPERATOR, PASSWORD).filter("My group's tasks");
    tasklist.taskInList("Arrange manual access");
    Path list = browser.screenshot("tasklist-my-groups-tasks");

    tasklist.openTask("Arrange manual access");
    assertThat(tasklist.fieldValue("Field_ServerId")).isEqualTo(SERVER);
    assertThat(tasklist.fieldValue("Field_CustomerId")).isEqualTo("acme");
    assertThat(tasklist.fieldValue("Field_Outcome")).isEqualTo("REVERT_FAILED");
    assertThat(tasklist.fieldValue("Field_AutoActionExit")).isEqualTo("3");
    assertThat(tasklist.fieldValue("Field_AutoActionOutput")).isEqualTo(AUTO_ACTION_OUTPUT);
    assertThat(tasklist.fieldValue("Field_FailureRevertExit")).isEqualTo("1");
    assertThat(tasklist.fieldValue("Field_FailureRevertOutput")).isEqualTo(REVERT_OUTPUT);
    assertThat(tasklist.radioLabels("Field_ManualDecision"))
        .containsExactly("Return the server to its pool", "Keep it out of its pool (reason above)");
    Path form = browser.screenshot("manual-access-form");
    browser.screenshot("manual-access-form-outputs", tasklist.field("Field_AutoActionOutput"));

    tasklist.claim()
        .fill("Field_ManualNote", "Local admin (J. Doe) restored portal.conf by hand; DB vendor needed for"
            + " migration 0042, ticket ACME-1234. Keep out until the vendor has been.")
        .choose("Field_ManualDecision", "Keep it out of its pool (reason above)");
    browser.screenshot("manual-access-form-filled");
    tasklist.complete();
    browser.screenshot("task-completed");

    // Kept out: the server stays out and its lease held until an administrator releases it.
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.getActiveActivityIds(pi.getId())
        .contains("UserTask_ReleaseKeptOutServer"));
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).list())
        .extracting(HistoricActivityInstance::getActivityId).doesNotContain("Task_EnableServer");
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName("manualDecision").singleResult().getValue()).isEqualTo("keepOut");
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
        .taskDefinitionKey("Task_ArrangeManualAccess").singleResult().getAssignee()).isEqualTo(OPERATOR);
    runtime.deleteProcessInstance(pi.getId(), "test done");
    assertThat(list).isRegularFile();
    assertThat(form).isRegularFile();
    tasklist.logout();
  }

  @Test
  @Order(2)
  void auditorCannotLogInToTasklistButToCockpit() throws Exception {
    String error = browser.tasklist().loginRefused(AUDITOR, PASSWORD);
    Path shot = browser.screenshot("tasklist-auditor-refused");
    assertThat(error).containsIgnoringCase("login failed");
    assertThat(Files.size(shot)).isPositive();
    // The same password opens Cockpit: Tasklist refused the auditor for the group, not for the password.
    CamundaWebapp cockpit = browser.cockpit().login(AUDITOR, PASSWORD);
    browser.visible(".ctn-view.dashboard");
    browser.screenshot("cockpit-auditor");
    cockpit.logout();
  }
}
