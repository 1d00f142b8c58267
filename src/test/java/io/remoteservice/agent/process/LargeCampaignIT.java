package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.TestUsers;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.security.Groups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * A campaign over 60 simulated servers in four pools behind one real HAProxy, on PostgreSQL, run as people
 * run it through REST (operator starts and confirms, another person approves). A sampler reads HAProxy's
 * {@code show stat} every 200 ms: no pool is ever seen below its {@code minAvailable}. The test job proves
 * from inside each server that HAProxy has it in MAINT. Then injected failures exceed the failure budget:
 * the start gate refuses the servers still waiting for capacity, the budget decision appears, {@code abort}
 * ends the campaign, and every server is back in its pool or has an open manual-access follow-up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@FleetAgentTest
class LargeCampaignIT {

  static final String PASSWORD = "Large-Campaign-42!";
  static final String TARGETS = "pool:web, pool:app, pool:api, pool:batch";
  /** Every pool lets 3 servers out at once: 12 per round over the four pools. */
  static final int AT_ONCE = 3;
  static final int PARALLELISM = 12;
  /** Two more than a round: those two must wait for their pools' capacity. */
  static final int CROWDED_PARALLELISM = 14;
  static SimulatedCampaignFixture fixture;

  /**
   * 60 servers; every pool lets 3 out at once (for batch minAvailable binds: 25% of 17 would allow 4).
   */
  @DynamicPropertySource
  static void fleet(DynamicPropertyRegistry registry) {
    fixture = new SimulatedCampaignFixture(
        PoolSpec.haproxy("web", 15).capacity("25%", 12),
        PoolSpec.haproxy("app", 15).capacity("25%", 12),
        PoolSpec.haproxy("api", 13).capacity("25%", 10),
        PoolSpec.haproxy("batch", 17).customer("globex").capacity("25%", 14));
    FleetAgentTest.Registration.register(registry, LargeCampaignIT.class, fixture.inventory, fixture.jobs);
  }

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  @Autowired ManagementService management;

  @BeforeEach
  void prepare() {
    user("olga", Groups.OPERATORS);
    user("arne", Groups.APPROVERS);
    fixture.reset();
    fixture.servers().forEach(fixture::awaitUp);
  }

  void user(String id, String group) {
    TestUsers.ensure(identity, id, group, PASSWORD);
  }

  @Test
  @Order(1)
  void sixtyServersInFourPoolsAreEachMaintainedOnceAndNoPoolDropsBelowItsMinimum() {
    long began = System.nanoTime();
    String campaign;
    SimulatedCampaignFixture.CapacitySampler sampler = fixture.sampler();
    try (sampler) {
      campaign = start("0", PARALLELISM);
      confirmAndApprove(campaign, awaitTask(campaign, "UserTask_ConfirmCampaign"));
      // Generous: about 45 s here; a loaded machine may need a few minutes.
      await().atMost(Duration.ofMinutes(9)).pollInterval(Duration.ofSeconds(1)).until(() -> finished(campaign));
    }
    System.out.println("[LargeCampaignIT] campaign " + campaign + " over " + fixture.servers().size()
        + " servers took " + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s; capacity: "
        + sampler.summary());

    assertCapacityHeld(sampler);
    for (FleetServer server : fixture.servers()) {
      assertThat(fixture.runs(server)).as("runs of the job on " + server.id()).isEqualTo(1);
      fixture.awaitUp(server);
    }
    Map<?, ?> progress = progress(campaign);
    System.out.println("[LargeCampaignIT] progress counts: " + progress.get("counts") + ", budget: "
        + progress.get("budget"));
    assertThat(progress.get("status")).isEqualTo("FINISHED");
    assertThat(progress.get("total")).isEqualTo(60);
    assertThat(((Map<?, ?>) progress.get("counts")).get("SUCCEEDED")).isEqualTo(60);
  }

  @Test
  @Order(2)
  void failuresOverTheBudgetStopNewStartsAndAnAbortLeavesEveryServerInItsPoolOrWithAFollowUp() {
    SimulatedCampaignFixture.CapacitySampler sampler = fixture.sampler();
    String campaign;
    List<FleetServer> failing;
    List<FleetServer> refused;
    List<FleetServer> neverStarted;
    FleetServer revertFails;
    try (sampler) {
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("maintenance-campaign").count())
          .as("a campaign of an earlier test still runs").isZero();
      campaign = start("2", CROWDED_PARALLELISM);
      Task confirm = awaitTask(campaign, "UserTask_ConfirmCampaign");
      List<String> canary = split((String) tasks.getVariable(confirm.getId(), "canaryServers"));
      List<String> rollout = split((String) tasks.getVariable(confirm.getId(), "rolloutServers"));
      assertThat(canary).hasSize(1);
      assertThat(rollout).hasSize(59);
      List<FleetServer> wave = rollout.subList(0, CROWDED_PARALLELISM).stream().map(fixture::server).toList();
      // Pools with more servers in the first wave than they let out at once: their extra servers wait for
      // capacity, held back by their pool mates (hold flag) until the budget is exceeded.
      Map<String, List<FleetServer>> byPool = wave.stream().collect(Collectors.groupingBy(FleetServer::pool,
          LinkedHashMap::new, Collectors.toList()));
      Set<String> crowded = byPool.entrySet().stream().filter(e -> e.getValue().size() > AT_ONCE).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      assertThat(crowded).as("pools with a server waiting for capacity in the first wave " + byPool).isNotEmpty();
      List<FleetServer> held = wave.stream().filter(s -> crowded.contains(s.pool())).toList();
      failing = wave.stream().filter(s -> !crowded.contains(s.pool())).limit(3).toList();
      assertThat(failing).hasSize(3);
      held.forEach(s -> fixture.flag(s, "hold"));
      failing.forEach(s -> fixture.flag(s, "fail"));
      revertFails = failing.get(2);
      fixture.flag(revertFails, "revert-fail");
      neverStarted = rollout.subList(CROWDED_PARALLELISM, rollout.size()).stream().map(fixture::server).toList();
      System.out.println("[LargeCampaignIT] first wave " + wave.stream().map(FleetServer::id).toList()
          + "; failing " + failing.stream().map(FleetServer::id).toList() + " (FailureRevert fails on "
          + revertFails.id() + "); held " + held.stream().map(FleetServer::id).toList());

      confirmAndApprove(campaign, confirm);

      // Each crowded pool has its 3 allowed servers in their AutoAction (held) and the rest waiting.
      await("held servers running").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .until(() -> held.stream().filter(s -> fixture.runs(s) == 1).count() == (long) AT_ONCE * crowded.size());
      // The three failures are reported while the held servers still run: failures 3 > budget 2.
      await("3 failures reported").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ((Map<?, ?>) progress(campaign).get("budget")).get("used").equals(3));
      Map<?, ?> midway = progress(campaign);
      assertThat(((Map<?, ?>) midway.get("budget")).get("exceeded")).isEqualTo(true);
      refused = held.stream().filter(s -> fixture.runs(s) == 0).toList();
      assertThat(refused).as("servers of " + crowded + " still waiting for capacity").isNotEmpty();
      held.forEach(s -> fixture.unflag(s, "hold"));

      Task decide = awaitTask(campaign, "UserTask_DecideBudget");
      Map<?, ?> atDecision = progress(campaign);
      Map<String, String> states = states(atDecision);
      System.out.println("[LargeCampaignIT] at the budget decision: " + atDecision.get("counts") + ", budget "
          + atDecision.get("budget"));
      for (FleetServer s : refused) {
        assertThat(states.get(s.id())).as("the start gate refused " + s.id()).isEqualTo("SKIPPED");
        assertThat(fixture.runs(s)).as(s.id() + " was never touched").isZero();
      }
      for (FleetServer s : neverStarted) {
        assertThat(states.get(s.id())).as(s.id()).isEqualTo("PENDING");
      }
      assertThat(post("olga", "/engine-rest/task/" + decide.getId() + "/complete",
          "{\"variables\": {\"budgetDecision\": {\"value\": \"abort\", \"type\": \"String\"}}}").getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> finished(campaign));
    }
    System.out.println("[LargeCampaignIT] budget campaign " + campaign + " capacity: " + sampler.summary());
    assertCapacityHeld(sampler);

    // Every server is in its pool, or out of it with an open manual-access follow-up.
    Map<String, String> followUps = new LinkedHashMap<>();
    for (ProcessInstance p : runtime.createProcessInstanceQuery().processDefinitionKey("manual-access")
        .processInstanceBusinessKey(campaign).list()) {
      followUps.put((String) runtime.getVariable(p.getId(), "serverId"), p.getId());
    }
    assertThat(followUps.keySet()).containsExactlyInAnyOrderElementsOf(failing.stream().map(FleetServer::id).toList());
    List<String> outOfPool = new ArrayList<>();
    for (FleetServer s : fixture.servers()) {
      String status = fixture.status(s);
      if (!status.startsWith("UP")) {
        outOfPool.add(s.id() + "=" + status);
        assertThat(followUps).as(s.id() + " is " + status + " without a follow-up").containsKey(s.id());
      }
    }
    assertThat(outOfPool).containsExactly(revertFails.id() + "=MAINT");

    Map<?, ?> progress = progress(campaign);
    Map<?, ?> counts = (Map<?, ?>) progress.get("counts");
    System.out.println("[LargeCampaignIT] progress after the abort: " + progress.get("status") + " " + counts
        + ", budget " + progress.get("budget") + "; out of pool with a follow-up: " + outOfPool);
    Map<String, String> states = states(progress);
    long ran = fixture.servers().stream().filter(s -> fixture.runs(s) == 1).count();
    long untouched = fixture.servers().stream().filter(s -> fixture.runs(s) == 0).count();
    assertThat(ran + untouched).as("no server ran twice").isEqualTo(60);
    assertThat(progress.get("status")).isEqualTo("FINISHED");
    assertThat(counts.get("REVERTED")).isEqualTo(2);
    assertThat(counts.get("REVERT_FAILED")).isEqualTo(1);
    assertThat(counts.get("SUCCEEDED")).isEqualTo((int) ran - 3);
    // Refused at the gate, and never started after the abort: both SKIPPED (the window did not close).
    assertThat(counts.get("SKIPPED")).isEqualTo(60 - (int) ran);
    assertThat(counts.get("DEFERRED")).isEqualTo(0);
    assertThat(counts.values().stream().mapToInt(v -> (Integer) v).sum()).isEqualTo(60);
    assertThat(ran).isEqualTo(1 + CROWDED_PARALLELISM - refused.size());
    for (FleetServer s : fixture.servers()) {
      String state = states.get(s.id());
      if (fixture.runs(s) == 1) {
        assertThat(state).as(s.id()).isIn("SUCCEEDED", "REVERTED", "REVERT_FAILED");
      } else {
        assertThat(state).as(s.id()).isNotIn("SUCCEEDED", "REVERTED", "REVERT_FAILED", "RUNNING");
      }
    }
    for (FleetServer s : neverStarted) {
      assertThat(fixture.runs(s)).as(s.id()).isZero();
    }

    // Clean-up through the follow-ups, as an operator would: the server out of its pool goes back.
    for (String pi : followUps.values()) {
      Task arrange = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_ArrangeManualAccess")
          .singleResult();
      tasks.complete(arrange.getId(), Map.of("manualDecision", "return", "manualNote", "checked by hand"));
    }
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
        runtime.createProcessInstanceQuery().processDefinitionKey("manual-access").processInstanceBusinessKey(campaign)
            .count() == 0);
    fixture.awaitUp(revertFails);
  }

  void assertCapacityHeld(SimulatedCampaignFixture.CapacitySampler sampler) {
    assertThat(sampler.samples.get()).as("HAProxy samples (last error " + sampler.lastError + ")")
        .isGreaterThan(50);
    for (PoolSpec pool : fixture.pools.values()) {
      assertThat(sampler.minUp.get(pool.id())).as("fewest UP servers in " + pool.id() + ": " + sampler.summary())
          .isGreaterThanOrEqualTo(pool.minAvailable());
      assertThat(sampler.minUp.get(pool.id())).as("some server of " + pool.id() + " was seen out of its pool")
          .isLessThan(pool.servers());
    }
  }

  String start(String budget, int parallelism) {
    String start = """
        {"variables": {
          "jobId": {"value": "%s", "type": "String"},
          "targets": {"value": "%s", "type": "String"},
          "canary": {"value": 1, "type": "Integer"},
          "parallelism": {"value": %d, "type": "Integer"},
          "failureBudget": {"value": "%s", "type": "String"}}}""".formatted(SimulatedCampaignFixture.JOB, TARGETS,
        parallelism, budget);
    ResponseEntity<Map> started = post("olga", "/engine-rest/process-definition/key/maintenance-campaign/start", start);
    assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
    return (String) started.getBody().get("id");
  }

  void confirmAndApprove(String campaign, Task confirm) {
    assertThat((String) tasks.getVariable(confirm.getId(), "planText")).contains("web").contains("batch");
    assertThat(post("olga", "/engine-rest/task/" + confirm.getId() + "/complete",
        "{\"variables\": {\"confirmed\": {\"value\": true, \"type\": \"Boolean\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    Task approval = awaitTask(campaign, "UserTask_ApproveCampaign");
    assertThat(post("arne", "/engine-rest/task/" + approval.getId() + "/complete",
        "{\"variables\": {\"approved\": {\"value\": true, \"type\": \"Boolean\"},"
            + " \"approvalComment\": {\"value\": \"fine\", \"type\": \"String\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  boolean finished(String campaign) {
    return history.createHistoricProcessInstanceQuery().processInstanceId(campaign).finished().count() == 1;
  }

  Task awaitTask(String campaign, String key) {
    await(key).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
        tasks.createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).count() == 1);
    return tasks.createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).singleResult();
  }

  Map<?, ?> progress(String campaign) {
    ResponseEntity<Map> progress = rest.withBasicAuth("arne", PASSWORD).getForEntity("/api/campaigns/" + campaign, Map.class);
    assertThat(progress.getStatusCode()).isEqualTo(HttpStatus.OK);
    return progress.getBody();
  }

  static Map<String, String> states(Map<?, ?> progress) {
    Map<String, String> states = new LinkedHashMap<>();
    for (Object o : (List<?>) progress.get("servers")) {
      Map<?, ?> s = (Map<?, ?>) o;
      states.put((String) s.get("serverId"), (String) s.get("state"));
    }
    return states;
  }

  static List<String> split(String servers) {
    return Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  ResponseEntity<Map> post(String user, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, PASSWORD).exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Map.class);
  }
}
