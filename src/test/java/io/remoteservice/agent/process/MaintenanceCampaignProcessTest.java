package io.remoteservice.agent.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path through maintenance-campaign, on an in-memory engine with mocked delegates. Instead of the real
 * server-maintenance a stub with the same key is deployed: it records what each child was given and ends
 * with the outcome the test chose for its server, so the canary and budget paths can be driven. Like the
 * real start gate (CampaignGate) the stub ends SKIPPED when the campaign is paused, aborted or over budget.
 *
 * <p>Tests tagged {@code diagram-bug} state what the diagram should do and fail today; each names the bug.
 */
@Deployment(resources = {"processes/maintenance-campaign.bpmn", "forms/campaign-start.form",
    "forms/campaign-confirm.form", "forms/campaign-approval.form", "forms/campaign-control.form",
    "forms/canary-decision.form", "forms/budget-decision.form"})
class MaintenanceCampaignProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder()
      // Not camunda.cfg.xml: that name would also start a second, empty engine inside the agent ITs.
      .configurationResource("process-test.camunda.cfg.xml").build();

  static final List<String> BEANS = List.of("planCampaignDelegate", "announceCampaignDelegate",
      "evaluateCanaryDelegate", "nextWaveDelegate", "checkBudgetDelegate", "writeCampaignReportDelegate",
      "controlCampaignDelegate", "serverMaintenanceStub");

  static final String KEY = "bk-1";
  static final String JOB = "rotate-logs";
  static final String DIGEST = "sha256:6f1c0ffee";
  static final String INITIATOR = "olga";
  static final String APPROVER = "pia";
  static final String CANARY = "ts01";
  static final String ROLLOUT = "ts02, ts03,ts04 ,ts05";
  static final List<String> ALL_SERVERS = List.of("ts01", "ts02", "ts03", "ts04", "ts05");
  static final String PAST_WINDOW = "2020-01-01T00:00:00Z";

  /** One call of a delegate: sets what the real bean would set, or throws. */
  @FunctionalInterface
  interface Step {
    void on(DelegateExecution execution) throws Exception;
  }

  /** What one server-maintenance child was given, and how it ended. */
  record Child(String processInstanceId, String businessKey, String superProcessInstanceId, String serverId,
      String jobId, String approvedDigest, String campaignId, String outcome) {}

  /** {@code rsaCampaign}: the comma-separated server lists of the plan as the collections of the call activities. */
  public static final class CampaignLists {
    public List<String> split(String servers) {
      if (servers == null) {
        return List.of();
      }
      return Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }

  static final CampaignLists LISTS = new CampaignLists();

  final Map<String, JavaDelegate> delegates = new LinkedHashMap<>();
  final TaskListener fourEyes = mock(TaskListener.class, "fourEyesListener");
  final List<Child> children = new ArrayList<>();
  final Map<String, String> outcomes = new HashMap<>();
  final List<String> controls = new ArrayList<>();
  final List<String> fourEyesRefusals = new ArrayList<>();
  String windowStart = PAST_WINDOW;
  String deploymentId;

  @BeforeEach
  void mocks() throws Exception {
    init(engine.getProcessEngine());
    for (String bean : BEANS) {
      JavaDelegate delegate = mock(JavaDelegate.class, bean);
      delegates.put(bean, delegate);
      Mocks.register(bean, delegate);
    }
    Mocks.register("fourEyesListener", fourEyes);
    Mocks.register("rsaCampaign", LISTS);
    BpmnModelInstance stub = Bpmn.createExecutableProcess("server-maintenance").camundaHistoryTimeToLive(1)
        .startEvent("Event_StubStarted")
        .serviceTask("Task_StubMaintain").camundaDelegateExpression("${serverMaintenanceStub}")
        .endEvent("Event_StubEnded")
        .done();
    deploymentId = engine.getRepositoryService().createDeployment()
        .addModelInstance("server-maintenance-stub.bpmn", stub).deploy().getId();

    script("planCampaignDelegate", e -> {
      ProcessVariables.APPROVED_DIGEST.on(e, DIGEST);
      ProcessVariables.JOB_TITLE.on(e, "Rotate the logs");
      ProcessVariables.JOB_README.on(e, "# Rotate the logs\nCompresses and removes old logs.");
      ProcessVariables.PLAN_TEXT.on(e, "portal: ts01 (canary), ts02..ts05 in waves of 2");
      ProcessVariables.PREFLIGHT_FINDINGS.on(e, "all 5 targets reachable");
      ProcessVariables.CANARY_SERVERS.on(e, CANARY);
      ProcessVariables.ROLLOUT_SERVERS.on(e, ROLLOUT);
      ProcessVariables.TARGET_COUNT.on(e, 5);
      ProcessVariables.BUDGET_LIMIT.on(e, 1);
      ProcessVariables.WINDOW_START.on(e, windowStart);
    });
    script("evaluateCanaryDelegate", e -> {
      Set<String> canary = Set.copyOf(LISTS.split(ProcessVariables.CANARY_SERVERS.required(e)));
      int failures = (int) children.stream().filter(c -> canary.contains(c.serverId()) && failed(c)).count();
      ProcessVariables.FAILURES.on(e, failures);
      ProcessVariables.CANARY_FAILED.on(e, failures > 0);
    });
    script("nextWaveDelegate", e -> {
      String left = ProcessVariables.WAVES_LEFT.from(e);
      if ("continue".equals(ProcessVariables.BUDGET_DECISION.from(e))) {
        ProcessVariables.BUDGET_OVERRIDE.on(e, true);
      }
      List<String> servers = LISTS.split(left == null ? ProcessVariables.ROLLOUT_SERVERS.required(e) : left);
      int size = Math.min(ProcessVariables.PARALLELISM.required(e), servers.size());
      ProcessVariables.WAVE_SERVERS.on(e, String.join(",", servers.subList(0, size)));
      ProcessVariables.WAVES_LEFT.on(e, String.join(",", servers.subList(size, servers.size())));
      ProcessVariables.MORE_WAVES.on(e, size > 0);
    });
    script("checkBudgetDelegate", e -> {
      int failures = (int) children.stream().filter(MaintenanceCampaignProcessTest::failed).count();
      ProcessVariables.FAILURES.on(e, failures);
      ProcessVariables.BUDGET_EXCEEDED.on(e, failures > ProcessVariables.BUDGET_LIMIT.required(e)
          && !Boolean.TRUE.equals(ProcessVariables.BUDGET_OVERRIDE.from(e)));
    });
    script("controlCampaignDelegate", e -> {
      String control = ProcessVariables.CAMPAIGN_CONTROL.required(e);
      controls.add(control);
      switch (control) {
        case "pause" -> ProcessVariables.PAUSED.on(e, true);
        case "resume" -> ProcessVariables.PAUSED.on(e, false);
        case "abort" -> ProcessVariables.ABORTED.on(e, true);
        default -> throw new IllegalArgumentException("campaignControl '" + control + "'");
      }
    });
    script("serverMaintenanceStub", e -> {
      String serverId = ProcessVariables.SERVER_ID.required(e);
      String campaignId = ProcessVariables.CAMPAIGN_ID.from(e);
      RuntimeService runtime = e.getProcessEngineServices().getRuntimeService();
      boolean gateClosed = campaignId != null
          && (Boolean.TRUE.equals(runtime.getVariable(campaignId, "aborted"))
          || Boolean.TRUE.equals(runtime.getVariable(campaignId, "budgetExceeded"))
          && !Boolean.TRUE.equals(runtime.getVariable(campaignId, "budgetOverride")));
      String outcome = gateClosed ? ProcessVariables.SKIPPED
          : outcomes.getOrDefault(serverId, ProcessVariables.SUCCEEDED);
      ProcessVariables.OUTCOME.on(e, outcome);
      children.add(new Child(e.getProcessInstanceId(), e.getProcessBusinessKey(),
          e.getProcessInstance().getSuperExecution() == null ? null
              : e.getProcessInstance().getSuperExecution().getProcessInstanceId(),
          serverId, ProcessVariables.JOB_ID.from(e), ProcessVariables.APPROVED_DIGEST.from(e), campaignId, outcome));
    });
    // As the real listener: the initiator may neither take nor complete the approval.
    doAnswer(invocation -> {
      DelegateTask task = invocation.getArgument(0, DelegateTask.class);
      String initiator = ProcessVariables.INITIATOR.from(task);
      Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      String user = current == null ? null : current.getUserId();
      if (initiator != null && (initiator.equals(task.getAssignee()) || initiator.equals(user))) {
        fourEyesRefusals.add(task.getEventName());
        throw new AuthorizationException("Four eyes: " + initiator
            + " started this campaign and may not approve it; another member of approvers must.");
      }
      return null;
    }).when(fourEyes).notify(any(DelegateTask.class));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    engine.getIdentityService().clearAuthentication();
    ClockUtil.reset();
    engine.getRepositoryService().deleteDeployment(deploymentId, true);
  }

  // ---------------------------------------------------------------------------------------------------
  // Before anything runs

  @Test
  void invalidCampaignIsRefusedBeforeAnyoneIsAsked() throws Exception {
    script("planCampaignDelegate", e -> {
      throw new BpmnError("CAMPAIGN_INVALID", "unknown server ts99 in targets; check rsa.inventory");
    });
    ProcessInstance pi = start();
    drive(pi, "Task_PlanCampaign");
    assertThat(pi).isEnded().hasPassed("Event_CampaignInvalid", "Event_CampaignRefused")
        .hasNotPassed("UserTask_ConfirmCampaign");
    assertCalls("planCampaignDelegate", 1);
  }

  @Test
  void initiatorIsSetByTheEngineAndTheConfirmStepShowsThePlan() throws Exception {
    ProcessInstance pi = start();
    drive(pi, "Task_PlanCampaign");
    Assertions.assertThat(variable(pi, "initiator")).isEqualTo(INITIATOR);
    Task confirm = userTask(pi, "UserTask_ConfirmCampaign", "operators", "campaign-confirm");
    Assertions.assertThat(engine.getTaskService().getVariables(confirm.getId())).containsEntry("jobId", JOB)
        .containsEntry("approvedDigest", DIGEST).containsEntry("planText", "portal: ts01 (canary), ts02..ts05 in waves of 2")
        .containsKey("jobReadme").containsKey("preflightFindings");
  }

  @Test
  void notConfirmedEndsCancelled() throws Exception {
    ProcessInstance pi = start();
    drive(pi, "Task_PlanCampaign");
    complete(userTask(pi, "UserTask_ConfirmCampaign", "operators", "campaign-confirm"), INITIATOR,
        "confirmed", false);
    assertThat(pi).isEnded().hasPassed("Event_CampaignCancelled").hasNotPassed("UserTask_ApproveCampaign");
    assertCalls("planCampaignDelegate", 1);
    Assertions.assertThat(children).isEmpty();
  }

  @Test
  void rejectedEndsWithTheApprovalCommentRecorded() throws Exception {
    ProcessInstance pi = startAndConfirm();
    complete(claimApproval(pi, APPROVER), APPROVER, "approved", false,
        "approvalComment", "not during the sales week");
    assertThat(pi).isEnded().hasPassed("Event_CampaignRejected").hasNotPassed("Task_AnnounceCampaign");
    Assertions.assertThat(variable(pi, "approvalComment")).isEqualTo("not during the sales week");
    assertCalls("planCampaignDelegate", 1);
    Assertions.assertThat(children).isEmpty();
  }

  @Test
  void initiatorTryingToApproveIsRefusedAndTheTaskStaysOpen() throws Exception {
    ProcessInstance pi = startAndConfirm();
    Task approval = userTask(pi, "UserTask_ApproveCampaign", "approvers", "campaign-approval");
    TaskService tasks = engine.getTaskService();

    as(INITIATOR, "approvers");
    Assertions.assertThatThrownBy(() -> tasks.claim(approval.getId(), INITIATOR))
        .satisfies(MaintenanceCampaignProcessTest::isFourEyesRefusal);
    Assertions.assertThatThrownBy(() -> tasks.complete(approval.getId(), withVariables("approved", true)))
        .satisfies(MaintenanceCampaignProcessTest::isFourEyesRefusal);
    // another approver takes it, and the initiator still may not complete it for them
    as(APPROVER, "approvers");
    tasks.claim(approval.getId(), APPROVER);
    as(INITIATOR, "approvers");
    Assertions.assertThatThrownBy(() -> tasks.complete(approval.getId(), withVariables("approved", true)))
        .satisfies(MaintenanceCampaignProcessTest::isFourEyesRefusal);

    Assertions.assertThat(fourEyesRefusals).containsExactly("assignment", "complete", "complete");
    Task still = tasks.createTaskQuery().taskId(approval.getId()).singleResult();
    Assertions.assertThat(still).as("approval task after the refusals").isNotNull();
    Assertions.assertThat(still.getAssignee()).isEqualTo(APPROVER);
    Assertions.assertThat(variable(pi, "approved")).isNull();
    assertThat(pi).isWaitingAt("UserTask_ApproveCampaign").hasNotPassed("Gateway_Approved");
    assertCalls("planCampaignDelegate", 1);
  }

  // ---------------------------------------------------------------------------------------------------
  // The whole campaign

  @Test
  void approvedByAnotherApproverRunsCanaryThenWavesThenReportsAndEnds() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");
    assertControlWaits(pi);
    drive(pi, "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    drive(pi, "Task_EvaluateCanary", "Task_NextWave");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    drive(pi, "Task_CheckBudget", "Task_NextWave");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    drive(pi, "Task_CheckBudget", "Task_NextWave", "Task_WriteCampaignReport");

    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded")
        .hasNotPassed("UserTask_DecideAfterCanary", "UserTask_DecideBudget");
    assertEveryServerOnce(pi, ALL_SERVERS);
    Assertions.assertThat(children).allMatch(c -> ProcessVariables.SUCCEEDED.equals(c.outcome()));
    Assertions.assertThat(children.get(0).serverId()).as("the canary goes first").isEqualTo(CANARY);
    Assertions.assertThat(historicChildren(pi)).isEqualTo(5);
    assertNothingLeft(pi);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 3, "checkBudgetDelegate", 2, "writeCampaignReportDelegate", 1,
        "serverMaintenanceStub", 5);
  }

  @Test
  void windowInTheFutureWaitsOnATimerDueAtWindowStart() throws Exception {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    OffsetDateTime opens = now.plusHours(3);
    // as a start form sends it: local time with its offset
    windowStart = opens.withOffsetSameInstant(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    ClockUtil.setCurrentTime(Date.from(now.toInstant()));
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");

    Job timer = engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .activityId("Event_WaitForWindow").timers().singleResult();
    Assertions.assertThat(timer).as("window timer").isNotNull();
    Assertions.assertThat(timer.getDuedate()).isEqualTo(Date.from(opens.toInstant()));
    Assertions.assertThat(executableJobs(pi)).as("executable jobs before the window opens").isZero();
    ClockUtil.setCurrentTime(Date.from(opens.minusSeconds(1).toInstant()));
    Assertions.assertThat(executableJobs(pi)).as("executable jobs a second before").isZero();
    Assertions.assertThat(children).isEmpty();

    ClockUtil.setCurrentTime(Date.from(opens.plusSeconds(1).toInstant()));
    Assertions.assertThat(executableJobs(pi)).as("executable jobs once the window is open").isEqualTo(1);
    drive(pi, "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    driveRollout(pi);
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded");
    assertEveryServerOnce(pi, ALL_SERVERS);
  }

  // ---------------------------------------------------------------------------------------------------
  // Canary

  @Test
  void canaryFailureThenContinueRollsOut() throws Exception {
    outcomes.put(CANARY, ProcessVariables.REVERTED_OUTCOME);
    ProcessInstance pi = untilCanaryDecision();
    Assertions.assertThat(variable(pi, "failures")).isEqualTo(1);
    complete(userTask(pi, "UserTask_DecideAfterCanary", "operators", "canary-decision"), INITIATOR,
        "canaryDecision", "continue");
    driveRollout(pi);
    assertThat(pi).isEnded().hasPassed("Gateway_CanaryDecision", "CallActivity_MaintainWave", "Event_CampaignEnded");
    assertEveryServerOnce(pi, ALL_SERVERS);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 3, "checkBudgetDelegate", 2, "writeCampaignReportDelegate", 1,
        "serverMaintenanceStub", 5);
  }

  @Test
  void canaryFailureThenAbortReportsWithoutRollout() throws Exception {
    outcomes.put(CANARY, ProcessVariables.REVERT_FAILED);
    ProcessInstance pi = untilCanaryDecision();
    complete(userTask(pi, "UserTask_DecideAfterCanary", "operators", "canary-decision"), INITIATOR,
        "canaryDecision", "abort");
    drive(pi, "Task_WriteCampaignReport");
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded").hasNotPassed("Task_NextWave", "CallActivity_MaintainWave");
    assertEveryServerOnce(pi, List.of(CANARY));
    assertNothingLeft(pi);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "writeCampaignReportDelegate", 1, "serverMaintenanceStub", 1);
  }

  @Test
  void planWithoutCanaryServersGoesStraightToTheRollout() throws Exception {
    Step plan = e -> {
      ProcessVariables.APPROVED_DIGEST.on(e, DIGEST);
      ProcessVariables.CANARY_SERVERS.on(e, "");
      ProcessVariables.ROLLOUT_SERVERS.on(e, "ts01,ts02");
      ProcessVariables.BUDGET_LIMIT.on(e, 0);
      ProcessVariables.WINDOW_START.on(e, PAST_WINDOW);
    };
    script("planCampaignDelegate", plan);
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign", "Event_WaitForWindow");
    Assertions.assertThat(jobsAt(pi, "CallActivity_MaintainCanary")).as("canary jobs").isEmpty();
    driveRollout(pi);
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded");
    assertEveryServerOnce(pi, List.of("ts01", "ts02"));
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 2, "checkBudgetDelegate", 1, "writeCampaignReportDelegate", 1,
        "serverMaintenanceStub", 2);
  }

  // ---------------------------------------------------------------------------------------------------
  // Failure budget (limit 1 failure; the first wave ts02, ts03 fails twice)

  @Test
  void budgetExceededThenContinueTakesTheNextWave() throws Exception {
    ProcessInstance pi = untilBudgetDecision();
    complete(userTask(pi, "UserTask_DecideBudget", "operators", "budget-decision"), INITIATOR,
        "budgetDecision", "continue");
    drive(pi, "Task_NextWave");
    Assertions.assertThat(variable(pi, "waveServers")).isEqualTo("ts04,ts05");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    drive(pi, "Task_CheckBudget", "Task_NextWave", "Task_WriteCampaignReport");
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded");
    Assertions.assertThat(children).extracting(Child::serverId).containsExactlyInAnyOrderElementsOf(ALL_SERVERS);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 3, "checkBudgetDelegate", 2, "writeCampaignReportDelegate", 1,
        "serverMaintenanceStub", 5);
  }

  @Test
  void budgetExceededThenAbortReportsAndStartsNoFurtherServer() throws Exception {
    ProcessInstance pi = untilBudgetDecision();
    complete(userTask(pi, "UserTask_DecideBudget", "operators", "budget-decision"), INITIATOR,
        "budgetDecision", "abort");
    drive(pi, "Task_WriteCampaignReport");
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded");
    assertEveryServerOnce(pi, List.of("ts01", "ts02", "ts03"));
    assertNothingLeft(pi);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 1, "checkBudgetDelegate", 1, "writeCampaignReportDelegate", 1,
        "serverMaintenanceStub", 3);
  }

  /** "continue" on an exceeded budget lets the next waves start: Task_NextWave records the override. */
  @Test
  void budgetContinueLetsTheFollowingServersStart() throws Exception {
    ProcessInstance pi = untilBudgetDecision();
    complete(userTask(pi, "UserTask_DecideBudget", "operators", "budget-decision"), INITIATOR,
        "budgetDecision", "continue");
    drive(pi, "Task_NextWave");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    Assertions.assertThat(children).filteredOn(c -> Set.of("ts04", "ts05").contains(c.serverId()))
        .as("servers of the wave after 'continue'").extracting(Child::outcome)
        .containsExactly(ProcessVariables.SUCCEEDED, ProcessVariables.SUCCEEDED);
  }

  // ---------------------------------------------------------------------------------------------------
  // Pause, resume, abort

  @Test
  void pauseAndResumeByMessageActOnTheCampaignAndTheControlBranchWaitsAgain() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");

    correlate("CampaignPause");
    assertControlWaits(pi);
    Assertions.assertThat(variable(pi, "paused")).isEqualTo(true);
    // (a server of a paused campaign holds at its start gate before it takes capacity: server-maintenance)
    drive(pi, "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);

    correlate("CampaignResume");
    assertControlWaits(pi);
    Assertions.assertThat(variable(pi, "paused")).isEqualTo(false);
    Assertions.assertThat(controls).containsExactly("pause", "resume");
    Assertions.assertThat(localValues(pi, "campaignControl")).as("campaignControl, local to each control task")
        .containsExactlyInAnyOrder("pause", "resume");

    drive(pi, "Task_EvaluateCanary", "Task_NextWave");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    Assertions.assertThat(children).filteredOn(c -> !c.serverId().equals(CANARY)).extracting(Child::outcome)
        .containsOnly(ProcessVariables.SUCCEEDED);
    assertCalls("planCampaignDelegate", 1, "announceCampaignDelegate", 1, "evaluateCanaryDelegate", 1,
        "nextWaveDelegate", 1, "controlCampaignDelegate", 2, "serverMaintenanceStub", 3);
  }

  @Test
  void abortByMessageSkipsEveryServerNotYetStartedAndTheCampaignStillReports() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign", "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    drive(pi, "Task_EvaluateCanary", "Task_NextWave");

    correlate("CampaignAbort");
    assertControlWaits(pi);
    Assertions.assertThat(variable(pi, "aborted")).isEqualTo(true);
    Assertions.assertThat(controls).containsExactly("abort");

    driveRollout(pi, "CallActivity_MaintainWave");
    assertThat(pi).isEnded().hasPassed("Task_AbortCampaign", "Event_CampaignEnded");
    Map<String, String> outcomeByServer = children.stream().collect(Collectors.toMap(Child::serverId, Child::outcome));
    Assertions.assertThat(outcomeByServer).containsEntry(CANARY, ProcessVariables.SUCCEEDED)
        .containsEntry("ts02", ProcessVariables.SKIPPED).containsEntry("ts05", ProcessVariables.SKIPPED);
    Assertions.assertThat(children.stream().filter(c -> !c.serverId().equals(CANARY)))
        .allMatch(c -> ProcessVariables.SKIPPED.equals(c.outcome()));
    assertNothingLeft(pi);
  }

  @Test
  void controlFormInTasklistAppliesTheDecisionAndOffersItselfAgain() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");
    Task control = userTask(pi, "UserTask_ControlCampaign", "operators", "campaign-control");
    complete(control, INITIATOR, "campaignControl", "pause");
    Task again = userTask(pi, "UserTask_ControlCampaign", "operators", "campaign-control");
    Assertions.assertThat(again.getId()).isNotEqualTo(control.getId());
    Assertions.assertThat(variable(pi, "paused")).isEqualTo(true);
    Assertions.assertThat(controls).containsExactly("pause");

    complete(again, INITIATOR, "campaignControl", "resume");
    userTask(pi, "UserTask_ControlCampaign", "operators", "campaign-control");
    Assertions.assertThat(variable(pi, "paused")).isEqualTo(false);
    Assertions.assertThat(controls).containsExactly("pause", "resume");
    assertControlWaits(pi);
    assertThat(pi).isWaitingAt("Event_WaitForWindow");
  }

  @Test
  void endTerminatesTheWaitingControlBranchesAfterAPause() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");
    correlate("CampaignPause");
    correlate("CampaignResume");
    drive(pi, "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    driveRollout(pi);
    assertThat(pi).isEnded().hasPassed("Event_CampaignEnded");
    assertNothingLeft(pi);
    List<String> canceled = engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(pi.getId()).canceled().list().stream().map(HistoricActivityInstance::getActivityId)
        .toList();
    Assertions.assertThat(canceled).as("activities the terminate end event canceled")
        .contains("UserTask_ControlCampaign", "Gateway_AwaitControl");
  }

  /** The control tasks are synchronous: a second request right after the first is accepted at once. */
  @Test
  void abortRightAfterAPauseIsAccepted() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign");
    correlate("CampaignPause");
    correlate("CampaignAbort");
    Assertions.assertThat(controls).containsExactly("pause", "abort");
    Assertions.assertThat(variable(pi, "aborted")).isEqualTo(true);
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  ProcessInstance start() {
    as(INITIATOR, "operators");
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("maintenance-campaign", KEY,
        withVariables("jobId", JOB, "targets", "ts01,ts02,ts03,ts04,ts05", "canary", 1, "parallelism", 2,
            "failureBudget", "1"));
    engine.getIdentityService().clearAuthentication();
    return pi;
  }

  ProcessInstance startAndConfirm() throws Exception {
    ProcessInstance pi = start();
    drive(pi, "Task_PlanCampaign");
    complete(userTask(pi, "UserTask_ConfirmCampaign", "operators", "campaign-confirm"), INITIATOR,
        "confirmed", true);
    return pi;
  }

  Task claimApproval(ProcessInstance pi, String approver) {
    Task approval = userTask(pi, "UserTask_ApproveCampaign", "approvers", "campaign-approval");
    as(approver, "approvers");
    engine.getTaskService().claim(approval.getId(), approver);
    return approval;
  }

  /** Planned, confirmed by the initiator, approved by another approver: waits at the announcement. */
  ProcessInstance startApproved() throws Exception {
    ProcessInstance pi = startAndConfirm();
    complete(claimApproval(pi, APPROVER), APPROVER, "approved", true);
    assertThat(pi).isWaitingAt("Task_AnnounceCampaign");
    Assertions.assertThat(fourEyesRefusals).isEmpty();
    return pi;
  }

  ProcessInstance untilCanaryDecision() throws Exception {
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign", "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    drive(pi, "Task_EvaluateCanary");
    assertThat(pi).isWaitingAt("UserTask_DecideAfterCanary");
    Assertions.assertThat(variable(pi, "canaryFailed")).isEqualTo(true);
    return pi;
  }

  ProcessInstance untilBudgetDecision() throws Exception {
    outcomes.put("ts02", ProcessVariables.REVERTED_OUTCOME);
    outcomes.put("ts03", ProcessVariables.REVERT_FAILED);
    ProcessInstance pi = startApproved();
    drive(pi, "Task_AnnounceCampaign", "Event_WaitForWindow");
    driveEach(pi, "CallActivity_MaintainCanary", 1);
    drive(pi, "Task_EvaluateCanary", "Task_NextWave");
    driveEach(pi, "CallActivity_MaintainWave", 2);
    drive(pi, "Task_CheckBudget");
    assertThat(pi).isWaitingAt("UserTask_DecideBudget").hasNotPassed("Task_WriteCampaignReport");
    Assertions.assertThat(variable(pi, "budgetExceeded")).isEqualTo(true);
    Assertions.assertThat(variable(pi, "failures")).isEqualTo(2);
    return pi;
  }

  /** From Task_NextWave (or the wave call activity) to the end, wave after wave, however many there are. */
  void driveRollout(ProcessInstance pi, String... first) {
    for (String activityId : first) {
      driveEach(pi, activityId, -1);
      if (activityId.equals("CallActivity_MaintainWave")) {
        drive(pi, "Task_CheckBudget");
      }
    }
    for (int wave = 0; wave < 10; wave++) {
      if (jobsAt(pi, "Task_EvaluateCanary").size() == 1) {
        drive(pi, "Task_EvaluateCanary");
      }
      drive(pi, "Task_NextWave");
      if (!jobsAt(pi, "Task_WriteCampaignReport").isEmpty()) {
        drive(pi, "Task_WriteCampaignReport");
        return;
      }
      driveEach(pi, "CallActivity_MaintainWave", -1);
      drive(pi, "Task_CheckBudget");
    }
    Assertions.fail("the rollout did not end within 10 waves");
  }

  /** Runs the one job at each activity in turn, asserting that the instance waits there. */
  void drive(ProcessInstance pi, String... activityIds) {
    for (String activityId : activityIds) {
      List<Job> jobs = jobsAt(pi, activityId);
      Assertions.assertThat(jobs).as("jobs at " + activityId + " (waiting at "
          + engine.getRuntimeService().getActiveActivityIds(pi.getId()) + ")").hasSize(1);
      engine.getManagementService().executeJob(jobs.get(0).getId());
    }
  }

  /** Runs the per-element jobs of a multi-instance activity: exactly {@code count} of them, or any number. */
  void driveEach(ProcessInstance pi, String activityId, int count) {
    List<Job> jobs = jobsAt(pi, activityId);
    if (count >= 0) {
      Assertions.assertThat(jobs).as("jobs at " + activityId).hasSize(count);
    } else {
      Assertions.assertThat(jobs).as("jobs at " + activityId).isNotEmpty();
    }
    jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    // Each finished child continues the campaign in an asyncAfter job of its own (serialised by the
    // engine, so children ending at once never race): drive those too.
    for (int round = 0; round < 3 && !jobsAt(pi, activityId).isEmpty(); round++) {
      jobsAt(pi, activityId).forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
  }

  List<Job> jobsAt(ProcessInstance pi, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
        .list();
  }

  long executableJobs(ProcessInstance pi) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).executable().count();
  }

  /** The open user task of that activity, for the candidate group, with its deployed form. */
  Task userTask(ProcessInstance pi, String activityId, String group, String formKey) {
    // The approval task is created asynchronously (so that its four-eyes authorization is made by the
    // engine, not by the user who confirmed): drive that job first.
    for (var job : engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .activityId(activityId).list()) {
      engine.getManagementService().executeJob(job.getId());
    }
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId())
        .taskDefinitionKey(activityId).initializeFormKeys().singleResult();
    Assertions.assertThat(task).as("open task " + activityId).isNotNull();
    Assertions.assertThat(engine.getTaskService().getIdentityLinksForTask(task.getId()))
        .anyMatch(link -> group.equals(link.getGroupId()));
    Assertions.assertThat(task.getCamundaFormRef().getKey()).isEqualTo(formKey);
    return task;
  }

  void complete(Task task, String user, Object... variables) {
    as(user, "operators", "approvers");
    engine.getTaskService().complete(task.getId(), withVariables(variables[0].toString(), variables[1],
        Arrays.copyOfRange(variables, 2, variables.length)));
    engine.getIdentityService().clearAuthentication();
  }

  void as(String user, String... groups) {
    engine.getIdentityService().setAuthentication(user, List.of(groups));
  }

  void correlate(String message) {
    engine.getRuntimeService().createMessageCorrelation(message).processInstanceBusinessKey(KEY).correlate();
  }

  /** The event-based gateway waits for all three messages again, and the control task is open. */
  void assertControlWaits(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Gateway_AwaitControl", "UserTask_ControlCampaign");
    Assertions.assertThat(engine.getRuntimeService().createEventSubscriptionQuery().processInstanceId(pi.getId())
        .eventType("message").list()).extracting(s -> s.getEventName())
        .containsExactlyInAnyOrder("CampaignPause", "CampaignResume", "CampaignAbort");
  }

  /** Every server got exactly one child, with the campaign's job, digest, id and business key. */
  void assertEveryServerOnce(ProcessInstance pi, List<String> servers) {
    Assertions.assertThat(children).extracting(Child::serverId).containsExactlyInAnyOrderElementsOf(servers);
    Assertions.assertThat(children).allSatisfy(child -> {
      Assertions.assertThat(child.jobId()).as("jobId of " + child.serverId()).isEqualTo(JOB);
      Assertions.assertThat(child.approvedDigest()).as("approvedDigest of " + child.serverId()).isEqualTo(DIGEST);
      Assertions.assertThat(child.campaignId()).as("campaignId of " + child.serverId()).isEqualTo(pi.getId());
      Assertions.assertThat(child.businessKey()).as("business key of " + child.serverId()).isEqualTo(KEY);
      Assertions.assertThat(child.superProcessInstanceId()).as("parent of " + child.serverId()).isEqualTo(pi.getId());
    });
  }

  long historicChildren(ProcessInstance pi) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(pi.getId())
        .processDefinitionKey("server-maintenance").completed().count();
  }

  /** Nothing of the campaign remains: no execution, task, job, subscription, running child. */
  void assertNothingLeft(ProcessInstance pi) {
    RuntimeService runtime = engine.getRuntimeService();
    ManagementService management = engine.getManagementService();
    Assertions.assertThat(runtime.createExecutionQuery().processInstanceId(pi.getId()).count()).as("executions").isZero();
    Assertions.assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).count()).as("tasks").isZero();
    Assertions.assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).as("jobs").isZero();
    Assertions.assertThat(runtime.createEventSubscriptionQuery().processInstanceId(pi.getId()).count())
        .as("subscriptions").isZero();
    Assertions.assertThat(runtime.createProcessInstanceQuery().superProcessInstanceId(pi.getId()).count())
        .as("running children").isZero();
    Assertions.assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(KEY).count())
        .as("instances with the campaign's business key").isZero();
  }

  Object variable(ProcessInstance pi, String name) {
    List<HistoricVariableInstance> variables = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId()).variableName(name).list().stream()
        .filter(v -> pi.getId().equals(v.getExecutionId())).toList();
    Assertions.assertThat(variables).as("process-level variable " + name).hasSizeLessThanOrEqualTo(1);
    return variables.isEmpty() ? null : variables.get(0).getValue();
  }

  List<Object> localValues(ProcessInstance pi, String name) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(name).list().stream().filter(v -> !v.getExecutionId().equals(pi.getId()))
        .map(HistoricVariableInstance::getValue).toList();
  }

  static boolean failed(Child child) {
    return ProcessVariables.REVERTED_OUTCOME.equals(child.outcome())
        || ProcessVariables.REVERT_FAILED.equals(child.outcome());
  }

  static void isFourEyesRefusal(Throwable thrown) {
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof AuthorizationException)) {
      cause = cause.getCause();
    }
    Assertions.assertThat(cause).as("AuthorizationException in " + thrown).isNotNull();
    Assertions.assertThat(thrown).hasMessageContaining("olga started this campaign and may not approve it");
  }

  /** Stubs a delegate: the n-th call runs the n-th step; the last step repeats. */
  void script(String bean, Step... steps) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    doAnswer(invocation -> {
      int call = calls.getAndIncrement();
      steps[Math.min(call, steps.length - 1)].on(invocation.getArgument(0, DelegateExecution.class));
      return null;
    }).when(delegates.get(bean)).execute(any(DelegateExecution.class));
  }

  /** Verifies how often every delegate ran: the given counts, zero for all others. */
  void assertCalls(Object... beanAndCount) throws Exception {
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (int i = 0; i < beanAndCount.length; i += 2) {
      expected.put((String) beanAndCount[i], (Integer) beanAndCount[i + 1]);
    }
    Assertions.assertThat(delegates.keySet()).containsAll(expected.keySet());
    for (String bean : BEANS) {
      verify(delegates.get(bean), times(expected.getOrDefault(bean, 0))).execute(any());
    }
  }
}
