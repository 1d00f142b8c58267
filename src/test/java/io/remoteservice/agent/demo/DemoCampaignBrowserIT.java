package io.remoteservice.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.fleet.Browser;
import io.remoteservice.agent.fleet.CamundaWebapp;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import io.remoteservice.agent.inventory.Server;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo as a newcomer meets it, in headless Chromium: the agent starts with the {@code demo} profile
 * (simulated fleet of twelve servers behind a private HAProxy, demo users), the users' passwords come from
 * the log, {@code operator} starts a campaign of {@code update-portal-config} over {@code pool:sw-portal}
 * from Tasklist's "Start process" dialog and confirms its plan, {@code approver} approves it, the campaign
 * runs to its end (the broken {@code sw-portal-03} fails and is reverted, the five others succeed), and
 * {@code operator} finds the manual-access task of the broken server with what happened there.
 *
 * <p>The screenshots the README shows are taken here, in this order: {@code 01-start-form},
 * {@code 02-confirm}, {@code 03-approval}, {@code 04-campaign-ended}, {@code 05-manual-access-task} (more
 * follow), in {@code target/test-artifacts/DemoCampaignBrowserIT/}. The demo keeps its files (database, keys, servers)
 * in a fresh directory under {@code target/demo-it/}, never in {@code ./data}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@ExtendWith({FleetExtension.class, OutputCaptureExtension.class})
class DemoCampaignBrowserIT {

  static final Path DIR = Path.of("target", "demo-it", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();

  static final String JOB = "update-portal-config";
  static final String POOL = "sw-portal";
  static final String BROKEN = "sw-portal-03";
  // Task and process names as the diagrams in processes/ give them (Tasklist shows these).
  static final String CAMPAIGN_PROCESS = "Maintenance campaign";
  static final String CONFIRM_TASK = "Confirm the campaign: targets, plan and README";
  static final String APPROVE_TASK = "Approve the campaign";
  static final String MANUAL_ACCESS_TASK = "Arrange manual access";
  static final String MY_GROUPS_TASKS = "My group's tasks";

  /** A user line of the demo's log block: {@code   operator  Hq7TnM3xK9pAb4f2-    (group operators)}. */
  static final Pattern USER_LINE =
      Pattern.compile("^\\s+(operator|approver|auditor|admin)\\s+(\\S+)\\s+\\(group", Pattern.MULTILINE);

  @DynamicPropertySource
  static void demoDirectory(DynamicPropertyRegistry registry) {
    registry.add("rsa.demo.dir", DIR::toString);
    registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DIR.resolve("rsa") + ";DB_CLOSE_ON_EXIT=FALSE");
    // The pools behind HAProxy, as on CI (./run-tests installs it): without it the demo would fall back to
    // manual pools, whose load-balancer steps wait for a person, and this test would only time out.
    registry.add("rsa.demo.load-balancer", () -> "haproxy");
  }

  static Browser browser;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aNewcomerWorksACampaignOverTheDemoFleet(Fleet fleet, CapturedOutput output) throws Exception {
    // 1. The log tells where to go and who may log in.
    Map<String, String> passwords = passwordsFromTheLog(output.getAll());
    Inventory inventory = new InventoryLoader().load(DIR.resolve("inventory.yaml"));
    List<Server> portal = inventory.servers().stream().filter(s -> s.pool().equals(POOL)).toList();
    assertThat(portal).extracting(Server::id).as("pool %s in the demo's inventory", POOL)
        .containsExactly("sw-portal-01", "sw-portal-02", "sw-portal-03", "sw-portal-04", "sw-portal-05", "sw-portal-06");
    Map<String, String> configBefore = new LinkedHashMap<>();
    for (Server s : portal) {
      configBefore.put(s.id(), Files.readString(portalConfig(s)));
    }
    String newConfig = Files.readString(Path.of("jobs", JOB, "files", "portal.conf"));

    browser = Browser.start(fleet, DemoCampaignBrowserIT.class, "http://localhost:" + port);
    CamundaWebapp tasklist = browser.tasklist();

    // 2. operator starts the campaign from Tasklist's "Start process" dialog.
    tasklist.login("operator", passwords.get("operator"));
    tasklist.startProcess(CAMPAIGN_PROCESS)
        .fill("Field_JobId", JOB)
        .fill("Field_Targets", "pool:" + POOL)
        .fill("Field_Canary", "1")
        .fill("Field_Parallelism", "10")
        .fill("Field_FailureBudget", "1");
    assertThat(List.of("Field_JobId", "Field_Targets", "Field_Canary", "Field_Parallelism", "Field_FailureBudget")
        .stream().map(tasklist::fieldValue).toList()).as("the start form as filled in")
        .containsExactly(JOB, "pool:" + POOL, "1", "10", "1");
    browser.blur();
    browser.screenshot("start-form", browser.visible(".modal-dialog .modal-title"));
    tasklist.start();

    await("the campaign started by operator").atMost(Duration.ofSeconds(20)).until(() -> history
        .createHistoricProcessInstanceQuery().processDefinitionKey("maintenance-campaign").startedBy("operator")
        .count() == 1);
    String campaign = history.createHistoricProcessInstanceQuery().processDefinitionKey("maintenance-campaign")
        .startedBy("operator").singleResult().getId();
    Map<String, Object> started = variables(campaign);
    assertThat(started).as("the start form's values reach the campaign")
        .containsEntry("jobId", JOB).containsEntry("targets", "pool:" + POOL).containsEntry("failureBudget", "1");
    assertThat(String.valueOf(started.get("canary"))).isEqualTo("1");
    assertThat(String.valueOf(started.get("parallelism"))).isEqualTo("10");

    // 3. operator confirms the plan: the six servers of the pool, the digest that will be approved.
    Task confirm = awaitTask(campaign, "UserTask_ConfirmCampaign", Duration.ofMinutes(2));
    tasklist.filter(MY_GROUPS_TASKS).openTask(CONFIRM_TASK, confirm.getId()).claim();
    assertThat(tasklist.fieldValue("Field_JobId")).isEqualTo(JOB);
    String digest = tasklist.fieldValue("Field_ApprovedDigest");
    assertThat(digest).as("the digest frozen for approval").startsWith("sha256:");
    String plan = tasklist.fieldValue("Field_PlanText");
    assertThat(plan).as("the plan shown to operator").contains(POOL);
    portal.forEach(s -> assertThat(plan).as("the plan names %s", s.id()).contains(s.id()));
    assertThat(tasklist.fieldValue("Field_JobReadme")).as("the job's README").isNotBlank();
    tasklist.check("Field_Confirmed", true);
    browser.blur();
    browser.screenshot("confirm", tasklist.field("Field_PlanText"));
    tasklist.complete();
    tasklist.logout();

    // 4. approver, a second person, approves exactly this digest.
    Task approval = awaitTask(campaign, "UserTask_ApproveCampaign", Duration.ofMinutes(1));
    tasklist.login("approver", passwords.get("approver"));
    tasklist.filter(MY_GROUPS_TASKS).openTask(APPROVE_TASK, approval.getId()).claim();
    assertThat(tasklist.fieldValue("Field_Initiator")).as("started by").isEqualTo("operator");
    assertThat(tasklist.fieldValue("Field_ApprovedDigest")).as("the digest to approve").isEqualTo(digest);
    assertThat(tasklist.fieldValue("Field_PlanText")).isEqualTo(plan);
    tasklist.check("Field_Approved", true)
        .fill("Field_ApprovalComment", "Reviewed README, digest and plan; fine for the portal pool.");
    browser.blur();
    browser.screenshot("approval");
    tasklist.complete();
    tasklist.logout();

    // 5. The campaign runs to its end: the canary, then the rest; the broken server's failure stays within
    //    the budget of one, so no one is asked whether to go on.
    awaitEnded(campaign, Duration.ofMinutes(5));
    Map<String, Object> progress = get("auditor", passwords, "/api/campaigns/" + campaign);
    assertThat(progress.get("status")).as("campaign progress: %s", progress).isEqualTo("FINISHED");
    List<Map<String, Object>> servers = (List<Map<String, Object>>) progress.get("servers");
    Map<String, String> states = servers.stream().collect(Collectors.toMap(s -> (String) s.get("serverId"),
        s -> (String) s.get("state"), (a, b) -> a, LinkedHashMap::new));
    Map<String, String> expected = new LinkedHashMap<>();
    portal.forEach(s -> expected.put(s.id(), s.id().equals(BROKEN) ? "REVERTED" : "SUCCEEDED"));
    assertThat(states).as("each server's outcome (progress %s)", progress).isEqualTo(expected);
    assertThat(servers.stream().filter(s -> Boolean.TRUE.equals(s.get("canary"))).count())
        .as("canary servers (progress %s)", progress).isOne();
    assertThat((Map<String, Object>) progress.get("budget")).as("failure budget")
        .containsEntry("limit", 1).containsEntry("used", 1).containsEntry("exceeded", false);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(campaign)
        .activityId("UserTask_DecideBudget").count()).as("budget decisions asked for").isZero();

    List<Map<String, Object>> brokenReports = getList("auditor", passwords,
        "/api/reports?campaignId=" + campaign + "&serverId=" + BROKEN);
    assertThat(brokenReports).as("the report of %s", BROKEN).hasSize(1);
    Map<String, Object> brokenReport = brokenReports.get(0);
    assertThat(brokenReport).as("report of %s", BROKEN).containsEntry("outcome", "REVERTED")
        .containsEntry("reverted", true);
    String followUp = (String) brokenReport.get("followUpInstanceId");
    assertThat(followUp).as("the manual-access follow-up of %s (report %s)", BROKEN, brokenReport).isNotBlank();
    Map<String, Object> brokenDetail = (Map<String, Object>) get("auditor", passwords,
        "/api/reports/" + brokenReport.get("processInstanceId")).get("report");
    String autoActionOutput = (String) brokenDetail.get("autoActionOutput");
    assertThat(autoActionOutput).as("the AutoAction's output on %s", BROKEN).contains("RSA-RESULT: FAILURE");

    // What the servers' files say: the new configuration on five, the old one back on the broken server.
    for (Server s : portal) {
      String now = Files.readString(portalConfig(s));
      if (s.id().equals(BROKEN)) {
        assertThat(now).as("%s: FailureRevert put the old configuration back", s.id()).isEqualTo(configBefore.get(s.id()));
      } else {
        assertThat(now).as("%s: the job's configuration", s.id()).isEqualTo(newConfig);
      }
    }

    // The ended campaign as the agent reports it (GET /api/campaigns/{id}), seen as auditor in the browser.
    browser.driver().get("http://auditor:" + URLEncoder.encode(passwords.get("auditor"), StandardCharsets.UTF_8)
        + "@localhost:" + port + "/api/campaigns/" + campaign);
    browser.visibleWithText("body", "\"FINISHED\"");
    prettyPrintJson();
    browser.screenshot("campaign-ended");

    // 6. operator finds the manual-access task of the broken server, with what happened there.
    Task manual = awaitTask(followUp, "Task_ArrangeManualAccess", Duration.ofSeconds(30));
    tasklist.login("operator", passwords.get("operator"));
    tasklist.filter(MY_GROUPS_TASKS).openTask(MANUAL_ACCESS_TASK, manual.getId());
    assertThat(tasklist.fieldValue("Field_ServerId")).isEqualTo(BROKEN);
    assertThat(tasklist.fieldValue("Field_PoolId")).isEqualTo(POOL);
    assertThat(tasklist.fieldValue("Field_JobId")).isEqualTo(JOB);
    assertThat(tasklist.fieldValue("Field_Outcome")).isEqualTo("REVERTED");
    assertThat(tasklist.field("Field_InPool").isSelected()).as("the reverted server is back in its pool").isTrue();
    assertThat(tasklist.fieldValue("Field_AutoActionOutput")).as("the AutoAction's output in the form")
        .isEqualTo(autoActionOutput);
    browser.blur();
    // From the server's name down to the start of the AutoAction's output, then the outputs themselves.
    ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].closest('.fjs-form-field')"
        + ".scrollIntoView({block: 'start'});", tasklist.field("Field_ServerId"));
    browser.screenshot("manual-access-task");
    browser.screenshot("manual-access-task-outputs", tasklist.field("Field_AutoActionOutput"));

    // The operator closes the follow-up: the server is already back, so nothing more happens.
    tasklist.claim()
        .fill("Field_ManualNote", "Checked with the Stadtwerke's local administrator: the old portal.conf runs;"
            + " the new one waits for their fix of the marker. Server stays in its pool.")
        .choose("Field_ManualDecision", "Return the server to its pool");
    tasklist.complete();
    await("the manual-access follow-up of " + BROKEN + " ended").atMost(Duration.ofSeconds(30)).until(() ->
        history.createHistoricProcessInstanceQuery().processInstanceId(followUp).finished().count() == 1);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(followUp).singleResult()
        .getEndActivityId()).as("the follow-up's end").isEqualTo("Event_AlreadyInPool");
    browser.screenshot("manual-access-done");
    // Every server of the pool serves its users again, as HAProxy reports it.
    await("every server of " + POOL + " UP in HAProxy").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(((List<Map<String, Object>>) get("auditor", passwords, "/api/pools/" + POOL).get("servers"))
            .stream().collect(Collectors.toMap(s -> (String) s.get("id"), s -> s.get("status"))))
            .as("status of the pool's servers").containsOnlyKeys(expected.keySet())
            .allSatisfy((id, status) -> assertThat(status).as(id).isEqualTo("UP")));
    tasklist.logout();

    // Cockpit, read-only for auditor: nothing runs any more, and nothing ever needed an operator's retry.
    assertThat(history.createHistoricIncidentQuery().list()).as("incidents during the demo campaign").isEmpty();
    CamundaWebapp cockpit = browser.cockpit();
    cockpit.login("auditor", passwords.get("auditor"));
    browser.open(cockpit.path() + "#/processes");
    browser.visibleWithText("body", "Manual access to a failed server");
    browser.screenshot("cockpit-all-done");
    cockpit.logout();
  }

  /**
   * Indents the JSON document the browser shows, for the screenshot: what Chromium's "Pretty-print" box
   * does, but that box sits in a closed shadow root, out of WebDriver's reach.
   */
  void prettyPrintJson() {
    ((JavascriptExecutor) browser.driver()).executeScript("""
        const pre = document.querySelector('pre');
        pre.textContent = JSON.stringify(JSON.parse(pre.textContent), null, 2);""");
    browser.until("the JSON indented", d -> d.findElements(By.tagName("pre")).stream()
        .anyMatch(pre -> pre.isDisplayed() && pre.getText().contains("\n  \"status\": ")));
  }

  /** The users' block of the demo's log: the real Tasklist address and a password for each demo user. */
  Map<String, String> passwordsFromTheLog(String log) {
    assertThat(log).as("the demo's users block in the log")
        .contains("=== Remote Service Agent demo: users (passwords are new at every start) ===")
        .contains("Tasklist: http://localhost:" + port + "/camunda/app/tasklist/")
        // What to try, three lines, and the fleet they work on.
        .contains("Try this: 1) Tasklist as 'operator': Start process > Maintenance campaign", "targets pool:sw-portal",
            "2) Tasklist as 'approver': approve it", "3) Cockpit as 'auditor'")
        .contains("=== Remote Service Agent demo: a simulated fleet in this JVM ===", "pool sw-portal",
            "pool kb-terminals", BROKEN + " is broken on purpose");
    Map<String, String> passwords = new LinkedHashMap<>();
    Matcher m = USER_LINE.matcher(log);
    while (m.find()) {
      passwords.put(m.group(1), m.group(2));
    }
    assertThat(passwords).as("users and passwords in the log").containsOnlyKeys("operator", "approver", "auditor", "admin");
    return passwords;
  }

  static Path portalConfig(Server server) {
    String conf = server.vars().get("portal_config");
    assertThat(conf).as("var portal_config of %s", server.id()).isNotBlank();
    return Path.of(conf);
  }

  Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).list()) {
      values.put(v.getName(), v.getValue());
    }
    return values;
  }

  /** Waits until the process has this task; fails at once, with the reason, if it ended instead. */
  Task awaitTask(String processInstanceId, String taskKey, Duration atMost) {
    try {
      await(taskKey + " in " + processInstanceId).atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() ->
          tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).count() == 1
              || history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).finished().count() == 1);
    } catch (ConditionTimeoutException e) {
      fail("no task " + taskKey + " within " + atMost + ": " + describe(processInstanceId), e);
    }
    Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).singleResult();
    if (task == null) {
      fail("process " + processInstanceId + " ended before its task " + taskKey + ": " + describe(processInstanceId));
    }
    return task;
  }

  void awaitEnded(String campaign, Duration atMost) {
    try {
      await("the campaign " + campaign + " ended").atMost(atMost).pollInterval(Duration.ofSeconds(2)).until(() ->
          history.createHistoricProcessInstanceQuery().processInstanceId(campaign).finished().count() == 1);
    } catch (ConditionTimeoutException e) {
      fail("the campaign did not end within " + atMost + ": " + describe(campaign), e);
    }
  }

  /** What a process and its children are doing, for failure messages: activities, incidents, variables. */
  String describe(String processInstanceId) {
    StringBuilder sb = new StringBuilder();
    HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
        .singleResult();
    if (pi == null) {
      return "no process instance " + processInstanceId;
    }
    sb.append(pi.getProcessDefinitionKey()).append(' ').append(pi.getId()).append(" state ").append(pi.getState())
        .append(" end ").append(pi.getEndActivityId());
    Map<String, Object> vars = variables(processInstanceId);
    for (String name : List.of("reason", "serverId", "outcome", "canaryFailed", "budgetExceeded")) {
      if (vars.containsKey(name)) {
        sb.append("; ").append(name).append('=').append(vars.get(name));
      }
    }
    if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 1) {
      sb.append("; active ").append(runtime.getActiveActivityIds(processInstanceId));
    }
    for (Incident incident : runtime.createIncidentQuery().processInstanceId(processInstanceId).list()) {
      sb.append("; INCIDENT at ").append(incident.getActivityId()).append(": ").append(incident.getIncidentMessage());
    }
    for (ProcessInstance child : runtime.createProcessInstanceQuery().superProcessInstanceId(processInstanceId).list()) {
      sb.append("\n  child ").append(describe(child.getId()));
    }
    long failedJobs = management.createJobQuery().processInstanceId(processInstanceId).withException().count();
    if (failedJobs > 0) {
      sb.append("; jobs with exceptions: ").append(failedJobs);
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> get(String user, Map<String, String> passwords, String path) {
    ResponseEntity<Map> response = rest.withBasicAuth(user, passwords.get(user)).getForEntity(path, Map.class);
    assertThat(response.getStatusCode()).as("GET %s as %s: %s", path, user, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> getList(String user, Map<String, String> passwords, String path) {
    ResponseEntity<List> response = rest.withBasicAuth(user, passwords.get(user)).getForEntity(path, List.class);
    assertThat(response.getStatusCode()).as("GET %s as %s: %s", path, user, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
