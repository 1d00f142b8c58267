package io.remoteservice.agent.process;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path through server-maintenance, on an in-memory engine with mocked delegates. Each test drives
 * every job and timer by hand, naming the activity it expects to wait at, so a changed path fails at the
 * first step that differs; each test also states how often every delegate ran (zero included).
 */
@Deployment(resources = {"processes/server-maintenance.bpmn", "processes/manual-access.bpmn",
    "forms/pool-step.form", "forms/drain-decision.form", "forms/manual-access.form"})
class ServerMaintenanceProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder()
      // Not camunda.cfg.xml: that name would also start a second, empty engine inside the agent ITs.
      .configurationResource("process-test.camunda.cfg.xml").build();

  static final List<String> BEANS = List.of("checkStartGateDelegate", "preflightServerDelegate",
      "acquireCapacityDelegate", "drainServerDelegate", "checkDrainDelegate", "restartDrainClockDelegate",
      "disableServerDelegate", "startAutoActionDelegate", "pollAutoActionDelegate", "runHealthCheckDelegate",
      "startFailureRevertDelegate", "pollFailureRevertDelegate", "enableServerDelegate", "checkServerUpDelegate",
      "releaseCapacityDelegate", "startFollowUpDelegate", "writeReportDelegate");

  /** The timer events and the interval each must wait, from {@code rsaTimers} below. */
  static final Map<String, Long> TIMER_SECONDS = Map.of("Event_WaitForCapacity", 30L,
      "Event_WaitWhileDraining", 15L, "Event_WaitForAutoAction", 10L, "Event_WaitForFailureRevert", 10L,
      "Event_WaitUntilUp", 5L);

  // The path in pieces, each the activities whose jobs run in this order.
  static final String[] GATE_PREFLIGHT_CAPACITY = {"Task_CheckStartGate", "Task_PreflightServer",
      "Task_AcquireCapacity"};
  static final String[] DRAIN = {"Task_DrainServer", "Task_CheckDrain"};
  static final String[] DISABLE_AND_RUN = {"Task_DisableServer", "Task_StartAutoAction", "Task_PollAutoAction"};
  static final String[] RETURN_TO_POOL = {"Task_EnableServer", "Task_CheckServerUp", "Task_ReleaseCapacity"};
  static final String[] PUT_BACK = {"Task_PutBackServer", "Task_ReleaseCapacityUnchanged", "Task_WriteReport"};

  /** One call of a delegate: sets what the real bean would set, or throws. */
  @FunctionalInterface
  interface Step {
    void on(DelegateExecution execution) throws Exception;
  }

  final Map<String, JavaDelegate> delegates = new LinkedHashMap<>();

  @BeforeEach
  void mocks() throws Exception {
    init(engine.getProcessEngine());
    for (String bean : BEANS) {
      JavaDelegate delegate = mock(JavaDelegate.class, bean);
      delegates.put(bean, delegate);
      Mocks.register(bean, delegate);
    }
    Mocks.register("rsaOutcome", new ProcessOutcome());
    Mocks.register("rsaTimers", Map.of("capacityRetry", "PT30S", "drainPoll", "PT15S", "autoActionPoll", "PT10S",
        "upPoll", "PT5S"));

    // The path on which everything goes well; each test changes what its path needs.
    script("checkStartGateDelegate", e -> {
      ProcessVariables.RUN_ID.on(e, "run-42");
      ProcessVariables.MAY_START.on(e, true);
    });
    script("preflightServerDelegate", e -> {
      ProcessVariables.POOL_ID.on(e, "portal");
      ProcessVariables.CUSTOMER_ID.on(e, "acme");
      ProcessVariables.PLATFORM.on(e, "linux/debian/12/x86_64");
      ProcessVariables.VARIANT.on(e, "debian");
      ProcessVariables.REVERT_VARIANT.on(e, null);
      ProcessVariables.JOB_VERSION.on(e, "3");
      ProcessVariables.RUN_DIR.on(e, "/var/tmp/rsa/run-42");
      ProcessVariables.BALANCED.on(e, true);
    });
    script("acquireCapacityDelegate", capacity(true, true));
    script("drainServerDelegate", e -> {
      poolStep(false).on(e);
      ProcessVariables.DRAIN_STARTED_AT.on(e, new Date());
    });
    script("checkDrainDelegate", drain("DRAINED", "ask"));
    script("restartDrainClockDelegate", e -> ProcessVariables.DRAIN_STARTED_AT.on(e, new Date()));
    script("disableServerDelegate", poolStep(false));
    script("enableServerDelegate", poolStep(false));
    script("startAutoActionDelegate", e -> ProcessVariables.AUTO_ACTION_STARTED_AT.on(e, new Date()));
    script("pollAutoActionDelegate", autoAction(true, true, 0));
    script("runHealthCheckDelegate", healthy(true));
    script("startFailureRevertDelegate", e -> ProcessVariables.FAILURE_REVERT_STARTED_AT.on(e, new Date()));
    script("pollFailureRevertDelegate", failureRevert(true, true));
    script("checkServerUpDelegate", e -> ProcessVariables.SERVER_UP.on(e, true));
    script("startFollowUpDelegate", ServerMaintenanceProcessTest::startManualAccess);
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  // ---------------------------------------------------------------------------------------------------
  // The diagram

  @Test
  void diagramDeploysAndEveryUserTaskGoesToOperatorsWithADeployedForm() {
    Assertions.assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("server-maintenance").count()).isEqualTo(1);
    String id = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("server-maintenance").singleResult().getId();
    BpmnModelInstance model = engine.getRepositoryService().getBpmnModelInstance(id);
    Map<String, String> forms = model.getModelElementsByType(UserTask.class).stream()
        .collect(Collectors.toMap(UserTask::getId, UserTask::getCamundaFormRef));
    Assertions.assertThat(forms).isEqualTo(Map.of(
        "UserTask_DrainServerByHand", "pool-step",
        "UserTask_ConfirmDrainedByHand", "pool-step",
        "UserTask_DecideDrainTimeout", "drain-decision",
        "UserTask_DisableServerByHand", "pool-step",
        "UserTask_EnableServerByHand", "pool-step",
        "UserTask_PutBackServerByHand", "pool-step"));
    for (UserTask userTask : model.getModelElementsByType(UserTask.class)) {
      Assertions.assertThat(userTask.getCamundaCandidateGroupsList()).as(userTask.getId())
          .containsExactly("operators");
      Assertions.assertThat(userTask.getCamundaFormRefBinding()).as(userTask.getId()).isEqualTo("deployment");
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Before the server leaves its pool

  @Test
  void skippedAtTheGateTouchesNothing() throws Exception {
    script("checkStartGateDelegate", e -> {
      ProcessVariables.RUN_ID.on(e, "run-42");
      ProcessVariables.MAY_START.on(e, false);
      ProcessVariables.REASON.on(e, "campaign paused");
    });
    ProcessInstance pi = start("c-7");
    drive(pi, "Task_CheckStartGate", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SKIPPED, false);
    assertThat(pi).hasPassed("Gateway_NothingChanged").hasNotPassed("Task_PreflightServer");
    Assertions.assertThat(variable(pi, "reason")).isEqualTo("campaign paused");
    assertCalls("checkStartGateDelegate", 1, "writeReportDelegate", 1);
  }

  @Test
  void refusedPreflightEndsNotChangedWithoutTakingCapacity() throws Exception {
    script("preflightServerDelegate", e -> {
      ProcessVariables.REASON.on(e, "package digest differs from the approved digest");
      throw new BpmnError("PREFLIGHT_REFUSED", "package digest differs from the approved digest");
    });
    ProcessInstance pi = start(null);
    drive(pi, "Task_CheckStartGate", "Task_PreflightServer", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertThat(pi).hasPassed("Event_PreflightRefused").hasNotPassed("Task_AcquireCapacity");
    Assertions.assertThat(variable(pi, "reason")).isEqualTo("package digest differs from the approved digest");
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "writeReportDelegate", 1);
  }

  @Test
  void waitsForCapacityOnATimerThenMaintains() throws Exception {
    script("acquireCapacityDelegate", capacity(true, false), capacity(true, true));
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Event_WaitForCapacity", "Task_AcquireCapacity");
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls("acquireCapacityDelegate", 2));
  }

  @Test
  void campaignStoppedWhileWaitingForCapacityEndsSkipped() throws Exception {
    script("acquireCapacityDelegate", capacity(true, false), e -> {
      capacity(false, false).on(e);
      ProcessVariables.REASON.on(e, "campaign aborted");
    });
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Event_WaitForCapacity", "Task_AcquireCapacity", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SKIPPED, false);
    assertThat(pi).hasPassed("Gateway_NothingChanged").hasNotPassed("Gateway_LoadBalanced", "Task_DrainServer");
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 2,
        "writeReportDelegate", 1);
  }

  @Test
  void campaignStoppedAtTheFirstCapacityRequestNeedsNoCapacityAnswer() throws Exception {
    // A stopped campaign is asked nothing about capacity: the gateway must not read capacityGranted then.
    script("acquireCapacityDelegate", e -> ProcessVariables.MAY_START.on(e, false));
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SKIPPED, false);
    Assertions.assertThat(variable(pi, "capacityGranted")).isNull();
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "writeReportDelegate", 1);
  }

  // ---------------------------------------------------------------------------------------------------
  // Drain

  /**
   * A pool with driver none has no load balancer: no drain, no disable. On the way back the same return
   * segment runs as for every pool — the none driver's enable does nothing and reports the server UP — so
   * that the history of every server reads alike; capacity is still taken and released.
   */
  @Test
  void poolWithoutLoadBalancerGoesStraightToTheAutoActionAndStillReleasesCapacity() throws Exception {
    script("preflightServerDelegate", e -> {
      ProcessVariables.POOL_ID.on(e, "batch");
      ProcessVariables.VARIANT.on(e, "debian");
      ProcessVariables.BALANCED.on(e, false);
    });
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Task_StartAutoAction", "Task_PollAutoAction", "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertThat(pi).hasNotPassed("Task_DrainServer", "Task_CheckDrain", "Task_DisableServer");
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "startAutoActionDelegate", 1, "pollAutoActionDelegate", 1, "runHealthCheckDelegate", 1,
        "enableServerDelegate", 1, "checkServerUpDelegate", 1,
        "releaseCapacityDelegate", 1, "writeReportDelegate", 1);
  }

  @Test
  void drainNotYetWaitsAndChecksAgain() throws Exception {
    script("checkDrainDelegate", drain("NOT_YET", "ask"), drain("NOT_YET", "ask"), drain("DRAINED", "ask"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, "Event_WaitWhileDraining", "Task_CheckDrain", "Event_WaitWhileDraining", "Task_CheckDrain");
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls("checkDrainDelegate", 3));
  }

  @Test
  void drainThatNeedsAPersonGetsAConfirmTaskThenContinues() throws Exception {
    script("checkDrainDelegate", e -> {
      drain("PERSON_MUST_ACT", "ask").on(e);
      ProcessVariables.POOL_STEP_INSTRUCTIONS.on(e, "clear the sticky table for ts01 in the console");
    });
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    byHand(pi, "UserTask_ConfirmDrainedByHand", "pool-step", "poolStepDone", true);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls());
  }

  @Test
  void drainTimeoutUnderProceedDisablesAnyway() throws Exception {
    script("checkDrainDelegate", drain("TIMED_OUT", "proceed"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertThat(pi).hasPassed("Gateway_DrainTimeoutPolicy").hasNotPassed("UserTask_DecideDrainTimeout");
    assertCalls(successCalls());
  }

  @Test
  void drainTimeoutUnderAbortPutsTheServerBackUnchanged() throws Exception {
    script("checkDrainDelegate", drain("TIMED_OUT", "abort"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, PUT_BACK);
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertThat(pi).hasPassed("Gateway_PutBack").hasNotPassed("UserTask_DecideDrainTimeout", "Task_DisableServer");
    assertCalls(putBackCalls("checkDrainDelegate", 1));
  }

  @Test
  void drainTimeoutUnderAskAndWaitRestartsTheClockAndChecksAgain() throws Exception {
    script("checkDrainDelegate", drain("TIMED_OUT", "ask"), drain("DRAINED", "ask"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    byHand(pi, "UserTask_DecideDrainTimeout", "drain-decision", "drainDecision", "wait");
    drive(pi, "Task_RestartDrainClock", "Event_WaitWhileDraining", "Task_CheckDrain");
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls("checkDrainDelegate", 2, "restartDrainClockDelegate", 1));
  }

  @Test
  void drainTimeoutUnderAskAndProceedDisablesAnyway() throws Exception {
    script("checkDrainDelegate", drain("TIMED_OUT", "ask"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    byHand(pi, "UserTask_DecideDrainTimeout", "drain-decision", "drainDecision", "proceed");
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertThat(pi).hasNotPassed("Task_RestartDrainClock", "Task_PutBackServer");
    assertCalls(successCalls());
  }

  @Test
  void drainTimeoutUnderAskAndAbortPutsTheServerBackUnchanged() throws Exception {
    script("checkDrainDelegate", drain("TIMED_OUT", "ask"));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    byHand(pi, "UserTask_DecideDrainTimeout", "drain-decision", "drainDecision", "abort");
    drive(pi, PUT_BACK);
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertThat(pi).hasNotPassed("Task_DisableServer", "Task_StartAutoAction");
    assertCalls(putBackCalls("checkDrainDelegate", 1));
  }

  @Test
  void loadBalancerFailureWhenDrainingPutsTheServerBackUnchanged() throws Exception {
    script("drainServerDelegate", e -> {
      throw new BpmnError("LB_FAILED", "haproxy socket refused the command");
    });
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Task_DrainServer");
    drive(pi, PUT_BACK);
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertThat(pi).hasPassed("Event_DrainFailed").hasNotPassed("Task_CheckDrain", "Task_DisableServer");
    assertCalls(putBackCalls("checkDrainDelegate", 0));
  }

  @Test
  void loadBalancerFailureWhenCheckingTheDrainPutsTheServerBackUnchanged() throws Exception {
    script("checkDrainDelegate", drain("NOT_YET", "ask"), e -> {
      throw new BpmnError("LB_FAILED", "haproxy socket refused the command");
    });
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, "Event_WaitWhileDraining", "Task_CheckDrain");
    drive(pi, PUT_BACK);
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertThat(pi).hasPassed("Event_DrainCheckFailed").hasNotPassed("Task_DisableServer");
    assertCalls(putBackCalls("checkDrainDelegate", 2));
  }

  // ---------------------------------------------------------------------------------------------------
  // A load balancer that only a person can operate

  @Test
  void manualDriverMakesDrainDisableAndEnableTasksForOperators() throws Exception {
    script("drainServerDelegate", e -> {
      poolStep(true).on(e);
      ProcessVariables.DRAIN_STARTED_AT.on(e, new Date());
    });
    script("disableServerDelegate", poolStep(true));
    script("enableServerDelegate", poolStep(true));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Task_DrainServer");
    byHand(pi, "UserTask_DrainServerByHand", "pool-step", "poolStepDone", true);
    drive(pi, "Task_CheckDrain", "Task_DisableServer");
    byHand(pi, "UserTask_DisableServerByHand", "pool-step", "poolStepDone", true);
    drive(pi, "Task_StartAutoAction", "Task_PollAutoAction", "Task_RunHealthCheck", "Task_EnableServer");
    byHand(pi, "UserTask_EnableServerByHand", "pool-step", "poolStepDone", true);
    drive(pi, "Task_CheckServerUp", "Task_ReleaseCapacity", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls());
  }

  @Test
  void manualDriverMakesPuttingBackATaskForOperators() throws Exception {
    script("drainServerDelegate", e -> {
      poolStep(true).on(e);
      ProcessVariables.DRAIN_STARTED_AT.on(e, new Date());
    });
    script("checkDrainDelegate", drain("TIMED_OUT", "abort"));
    script("enableServerDelegate", poolStep(true));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, "Task_DrainServer");
    byHand(pi, "UserTask_DrainServerByHand", "pool-step", "poolStepDone", true);
    drive(pi, "Task_CheckDrain", "Task_PutBackServer");
    byHand(pi, "UserTask_PutBackServerByHand", "pool-step", "poolStepDone", true);
    drive(pi, "Task_ReleaseCapacityUnchanged", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.NOT_CHANGED, false);
    assertCalls(putBackCalls("checkDrainDelegate", 1));
  }

  // ---------------------------------------------------------------------------------------------------
  // AutoAction and its outcome

  @Test
  void successReturnsTheServerReleasesCapacityAndReportsOnce() throws Exception {
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertThat(pi).hasPassed("Event_MaintenanceEnded")
        .hasNotPassed("Event_RevertAutoAction", "Task_StartFailureRevert", "Task_StartFollowUp");
    Assertions.assertThat(variable(pi, "followUpId")).isNull();
    assertCalls(successCalls());
  }

  @Test
  void runningAutoActionIsPolledAgainAfterATimerAndTheServerIsAskedAgainUntilUp() throws Exception {
    script("pollAutoActionDelegate", autoAction(false, false, 0), autoAction(false, false, 0),
        autoAction(true, true, 0));
    AtomicInteger upChecks = new AtomicInteger();
    script("checkServerUpDelegate", e -> ProcessVariables.SERVER_UP.on(e, upChecks.incrementAndGet() > 1));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Event_WaitForAutoAction", "Task_PollAutoAction", "Event_WaitForAutoAction", "Task_PollAutoAction");
    drive(pi, "Task_RunHealthCheck", "Task_EnableServer", "Task_CheckServerUp", "Event_WaitUntilUp",
        "Task_CheckServerUp", "Task_ReleaseCapacity", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.SUCCEEDED, false);
    assertCalls(successCalls("pollAutoActionDelegate", 3, "checkServerUpDelegate", 2));
  }

  @Test
  void failedAutoActionIsRevertedByCompensationAndTheServerReturnsWithAFollowUp() throws Exception {
    script("pollAutoActionDelegate", autoAction(true, false, 3));
    script("pollFailureRevertDelegate", failureRevert(false, false), failureRevert(true, true));
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Event_RevertAutoAction", "Task_PollFailureRevert", "Event_WaitForFailureRevert",
        "Task_PollFailureRevert");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_StartFollowUp", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.REVERTED_OUTCOME, true);
    assertThat(pi).hasPassed("Task_StartFailureRevert").hasNotPassed("Task_RunHealthCheck");
    assertFollowUpWaits(pi, true);
    assertCalls(revertedCalls("runHealthCheckDelegate", 0, "pollFailureRevertDelegate", 2));
  }

  @Test
  void unhealthyAfterASuccessfulAutoActionIsReverted() throws Exception {
    script("runHealthCheckDelegate", healthy(false));
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Task_RunHealthCheck", "Event_RevertAutoAction", "Task_PollFailureRevert");
    drive(pi, RETURN_TO_POOL);
    drive(pi, "Task_StartFollowUp", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.REVERTED_OUTCOME, true);
    assertThat(pi).hasPassed("Task_StartFailureRevert");
    assertFollowUpWaits(pi, true);
    assertCalls(revertedCalls("runHealthCheckDelegate", 1, "pollFailureRevertDelegate", 1));
  }

  @Test
  void failedRevertLeavesTheServerOutAndHandsTheLeaseToTheFollowUp() throws Exception {
    script("pollAutoActionDelegate", autoAction(true, false, 3));
    script("pollFailureRevertDelegate", failureRevert(true, false));
    ProcessInstance pi = start("c-7");
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, DISABLE_AND_RUN);
    drive(pi, "Event_RevertAutoAction", "Task_PollFailureRevert", "Task_StartFollowUp", "Task_WriteReport");
    assertEnded(pi, ProcessVariables.REVERT_FAILED, false);
    assertThat(pi).hasPassed("Task_StartFailureRevert")
        .hasNotPassed("Task_EnableServer", "Task_CheckServerUp", "Task_ReleaseCapacity");
    assertFollowUpWaits(pi, false);
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "drainServerDelegate", 1, "checkDrainDelegate", 1, "disableServerDelegate", 1,
        "startAutoActionDelegate", 1, "pollAutoActionDelegate", 1, "startFailureRevertDelegate", 1,
        "pollFailureRevertDelegate", 1, "startFollowUpDelegate", 1, "writeReportDelegate", 1);
  }

  @Test
  void technicalFailureInARemoteStepBecomesOneIncidentAfterFiveAttempts() throws Exception {
    script("pollAutoActionDelegate", e -> {
      throw new IllegalStateException("ssh ts01: connection reset");
    });
    ProcessInstance pi = start(null);
    drive(pi, GATE_PREFLIGHT_CAPACITY);
    drive(pi, DRAIN);
    drive(pi, "Task_DisableServer", "Task_StartAutoAction");
    ManagementService management = engine.getManagementService();
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThat(pi).isWaitingAt("Task_PollAutoAction");
      Job pollJob = job(pi);
      Assertions.assertThatThrownBy(() -> execute(pollJob)).hasMessageContaining("connection reset");
      Job afterwards = management.createJobQuery().jobId(pollJob.getId()).singleResult();
      Assertions.assertThat(afterwards.getRetries()).as("retries after attempt " + attempt).isEqualTo(5 - attempt);
      if (attempt < 5) {
        // R5/PT1M: the next attempt waits a minute, so a flapping host does not burn the retries at once
        Assertions.assertThat(afterwards.getDuedate())
            .isAfter(new Date(ClockUtil.getCurrentTime().getTime() + 50_000));
      }
    }
    List<Incident> incidents = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).list();
    Assertions.assertThat(incidents).hasSize(1);
    Assertions.assertThat(incidents.get(0).getActivityId()).isEqualTo("Task_PollAutoAction");
    Assertions.assertThat(incidents.get(0).getIncidentMessage()).contains("connection reset");
    assertThat(pi).isNotEnded().isWaitingAt("Task_PollAutoAction");
    assertCalls("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "drainServerDelegate", 1, "checkDrainDelegate", 1, "disableServerDelegate", 1,
        "startAutoActionDelegate", 1, "pollAutoActionDelegate", 5);
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  ProcessInstance start(String campaignId) {
    Map<String, Object> variables = new LinkedHashMap<>(withVariables("serverId", "ts01",
        "jobId", "update-portal-config", "approvedDigest", "sha256:6f1c0ffee"));
    if (campaignId != null) {
      variables.put("campaignId", campaignId);
    }
    return engine.getRuntimeService().startProcessInstanceByKey("server-maintenance", variables);
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

  /**
   * Runs the one job of the instance at each activity in turn: asserts the instance waits there, that a
   * timer event waits with its configured interval and that every other wait is an async continuation.
   */
  void drive(ProcessInstance pi, String... activityIds) {
    for (String activityId : activityIds) {
      assertThat(pi).isWaitingAt(activityId);
      Job job = job(pi);
      boolean timer = engine.getManagementService().createJobQuery().jobId(job.getId()).timers().count() == 1;
      Long seconds = TIMER_SECONDS.get(activityId);
      Assertions.assertThat(timer).as("job at " + activityId + " is a timer").isEqualTo(seconds != null);
      if (timer) {
        long dueInMillis = job.getDuedate().getTime() - ClockUtil.getCurrentTime().getTime();
        Assertions.assertThat(dueInMillis).as("timer at " + activityId + " is due in")
            .isBetween((seconds - 5) * 1000, seconds * 1000);
      }
      execute(job);
    }
  }

  /** Asserts the instance waits at the user task, for operators with its form, and completes it. */
  void byHand(ProcessInstance pi, String userTaskId, String formKey, Object... variables) {
    assertThat(pi).isWaitingAt(userTaskId);
    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count())
        .as("jobs while a person acts").isZero();
    assertThat(task(pi)).hasCandidateGroup("operators");
    Task withForm = engine.getTaskService().createTaskQuery().processInstanceId(pi.getId())
        .initializeFormKeys().singleResult();
    Assertions.assertThat(withForm.getCamundaFormRef().getKey()).isEqualTo(formKey);
    complete(task(pi), withVariables(variables[0].toString(), variables[1]));
  }

  void assertEnded(ProcessInstance pi, String outcome, boolean reverted) {
    assertThat(pi).isEnded();
    Assertions.assertThat(variable(pi, "outcome")).as("outcome").isEqualTo(outcome);
    Assertions.assertThat(variable(pi, "reverted")).as("reverted").isEqualTo(reverted);
  }

  Object variable(ProcessInstance pi, String name) {
    HistoricVariableInstance variable = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId()).variableName(name).singleResult();
    return variable == null ? null : variable.getValue();
  }

  /** The follow-up exists as a manual-access instance waiting for operators, told whether the server is in. */
  void assertFollowUpWaits(ProcessInstance pi, boolean inPool) {
    Object followUpId = variable(pi, "followUpId");
    Assertions.assertThat(followUpId).isNotNull();
    ProcessInstance followUp = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(followUpId.toString()).singleResult();
    Assertions.assertThat(followUp).isNotNull();
    assertThat(followUp).isWaitingAt("Task_ArrangeManualAccess").variables()
        .containsEntry("inPool", inPool).containsEntry("serverId", "ts01");
    Assertions.assertThat(followUp.getProcessDefinitionId()).startsWith("manual-access:");
  }

  /** Verifies how often every delegate ran: the given counts, zero for all others. */
  void assertCalls(Object... beanAndCount) throws Exception {
    Map<String, Integer> expected = counts(beanAndCount);
    Set<String> unknown = expected.keySet().stream().filter(b -> !delegates.containsKey(b))
        .collect(Collectors.toSet());
    Assertions.assertThat(unknown).as("unknown delegate beans").isEmpty();
    for (String bean : BEANS) {
      verify(delegates.get(bean), times(expected.getOrDefault(bean, 0))).execute(any());
    }
  }

  static Map<String, Integer> counts(Object... beanAndCount) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < beanAndCount.length; i += 2) {
      counts.put((String) beanAndCount[i], (Integer) beanAndCount[i + 1]);
    }
    return counts;
  }

  static Object[] merged(Map<String, Integer> base, Object... overrides) {
    Map<String, Integer> all = new LinkedHashMap<>(base);
    all.putAll(counts(overrides));
    return all.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray();
  }

  /** The calls of the path on which everything goes well, with a few counts changed. */
  static Object[] successCalls(Object... overrides) {
    return merged(counts("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "drainServerDelegate", 1, "checkDrainDelegate", 1, "disableServerDelegate", 1,
        "startAutoActionDelegate", 1, "pollAutoActionDelegate", 1, "runHealthCheckDelegate", 1,
        "enableServerDelegate", 1, "checkServerUpDelegate", 1, "releaseCapacityDelegate", 1,
        "writeReportDelegate", 1), overrides);
  }

  /** Reverted: FailureRevert started exactly once, server returned, capacity released, follow-up, report. */
  static Object[] revertedCalls(Object... overrides) {
    return merged(counts("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "drainServerDelegate", 1, "checkDrainDelegate", 1, "disableServerDelegate", 1,
        "startAutoActionDelegate", 1, "pollAutoActionDelegate", 1, "startFailureRevertDelegate", 1,
        "pollFailureRevertDelegate", 1, "enableServerDelegate", 1, "checkServerUpDelegate", 1,
        "releaseCapacityDelegate", 1, "startFollowUpDelegate", 1, "writeReportDelegate", 1), overrides);
  }

  /** Put back unchanged after the drain: enable once, capacity released once, no AutoAction. */
  static Object[] putBackCalls(Object... overrides) {
    return merged(counts("checkStartGateDelegate", 1, "preflightServerDelegate", 1, "acquireCapacityDelegate", 1,
        "drainServerDelegate", 1, "enableServerDelegate", 1, "releaseCapacityDelegate", 1,
        "writeReportDelegate", 1), overrides);
  }

  static Step capacity(boolean mayStart, boolean granted) {
    return e -> {
      ProcessVariables.MAY_START.on(e, mayStart);
      ProcessVariables.CAPACITY_GRANTED.on(e, granted);
      if (!granted) {
        ProcessVariables.REASON.on(e, "pool portal: maxUnavailable 1 reached");
      }
    };
  }

  static Step poolStep(boolean manual) {
    return e -> {
      ProcessVariables.POOL_STEP_MANUAL.on(e, manual);
      ProcessVariables.POOL_STEP_INSTRUCTIONS.on(e, manual ? "use the pool console at https://lb.example" : null);
    };
  }

  static Step drain(String state, String onTimeout) {
    return e -> {
      ProcessVariables.DRAIN_STATE.on(e, state);
      ProcessVariables.DRAIN_SESSIONS.on(e, "DRAINED".equals(state) ? 0 : 4);
      ProcessVariables.DRAIN_ON_TIMEOUT.on(e, onTimeout);
    };
  }

  static Step autoAction(boolean ended, boolean succeeded, int exit) {
    return e -> {
      ProcessVariables.AUTO_ACTION_ENDED.on(e, ended);
      ProcessVariables.AUTO_ACTION_SUCCEEDED.on(e, succeeded);
      ProcessVariables.AUTO_ACTION_EXIT.on(e, ended ? exit : null);
      ProcessVariables.AUTO_ACTION_REASON.on(e, ended && !succeeded ? "exit " + exit : null);
      ProcessVariables.AUTO_ACTION_OUTPUT.on(e, ended ? "done" : null);
      ProcessVariables.AUTO_ACTION_REPORTED.on(e, false);
    };
  }

  static Step healthy(boolean healthy) {
    return e -> {
      ProcessVariables.HEALTHY.on(e, healthy);
      ProcessVariables.HEALTH_OUTPUT.on(e, healthy ? "portal answers 200" : "portal answers 502");
    };
  }

  static Step failureRevert(boolean ended, boolean succeeded) {
    return e -> {
      ProcessVariables.FAILURE_REVERT_ENDED.on(e, ended);
      ProcessVariables.FAILURE_REVERT_SUCCEEDED.on(e, succeeded);
      ProcessVariables.FAILURE_REVERT_EXIT.on(e, ended ? (succeeded ? 0 : 2) : null);
      ProcessVariables.FAILURE_REVERT_OUTPUT.on(e, ended ? "restored" : null);
    };
  }

  /** The follow-up as the real delegate makes it: a manual-access instance, told whether the server is in. */
  static void startManualAccess(DelegateExecution e) {
    String outcome = ProcessVariables.OUTCOME.required(e);
    ProcessInstance followUp = e.getProcessEngineServices().getRuntimeService().startProcessInstanceByKey(
        "manual-access", withVariables("serverId", ProcessVariables.SERVER_ID.required(e),
            "jobId", ProcessVariables.JOB_ID.required(e), "outcome", outcome,
            "inPool", ProcessVariables.REVERTED_OUTCOME.equals(outcome)));
    ProcessVariables.FOLLOW_UP_ID.on(e, followUp.getId());
  }
}
