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
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path through manual-access, on an in-memory engine with mocked delegates. */
@Deployment(resources = {"processes/manual-access.bpmn", "forms/manual-access.form"})
class ManualAccessProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder()
      // Not camunda.cfg.xml: that name would also start a second, empty engine inside the agent ITs.
      .configurationResource("process-test.camunda.cfg.xml").build();

  JavaDelegate enableServer = mock(JavaDelegate.class);
  JavaDelegate releaseCapacity = mock(JavaDelegate.class);
  AtomicInteger upAfterChecks = new AtomicInteger();
  boolean poolStepByHand;

  @BeforeEach
  void mocks() throws Exception {
    init(engine.getProcessEngine());
    Mocks.register("enableServerDelegate", enableServer);
    doAnswer(i -> {
      ProcessVariables.POOL_STEP_MANUAL.on(i.getArgument(0, DelegateExecution.class), poolStepByHand);
      return null;
    }).when(enableServer).execute(any(DelegateExecution.class));
    Mocks.register("releaseCapacityDelegate", releaseCapacity);
    Mocks.register("checkServerUpDelegate", (JavaDelegate) execution ->
        ProcessVariables.SERVER_UP.on(execution, upAfterChecks.decrementAndGet() <= 0));
    Mocks.register("rsaTimers", Map.of("upPoll", "PT5S"));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  ProcessInstance start(boolean inPool) {
    return engine.getRuntimeService().startProcessInstanceByKey("manual-access", withVariables(
        "serverId", "ts01", "jobId", "update-portal-config", "outcome", inPool ? "REVERTED" : "REVERT_FAILED",
        "inPool", inPool));
  }

  @Test
  void keepOutHoldsServerAndLeaseUntilAnAdministratorReleasesIt() throws Exception {
    upAfterChecks.set(1);
    ProcessInstance pi = start(false);
    assertThat(pi).isWaitingAt("Task_ArrangeManualAccess");
    assertThat(task(pi)).hasCandidateGroup("operators");
    complete(task(pi), withVariables("manualDecision", "keepOut", "manualNote", "database restore needs the vendor"));
    assertThat(pi).isWaitingAt("UserTask_ReleaseKeptOutServer");
    assertThat(task(pi)).hasCandidateGroup("camunda-admin");
    verify(enableServer, never()).execute(any());
    verify(releaseCapacity, never()).execute(any());
    complete(task(pi), withVariables("releaseConfirmed", true));
    execute(job(pi)); // enable
    execute(job(pi)); // up
    execute(job(pi)); // release
    assertThat(pi).isEnded().hasPassed("Event_ReturnedToPool");
    verify(releaseCapacity, times(1)).execute(any());
  }

  @Test
  void keepOutOfAServerThatIsBackInItsPoolLeavesItThere() throws Exception {
    ProcessInstance pi = start(true);
    complete(task(pi), withVariables("manualDecision", "keepOut", "manualNote", "customer wants to look first"));
    assertThat(pi).isEnded().hasPassed("Event_LeftInPool");
    verify(enableServer, never()).execute(any());
  }

  @Test
  void returnWhenAlreadyInPoolDoesNothingMore() throws Exception {
    ProcessInstance pi = start(true);
    complete(task(pi), withVariables("manualDecision", "return", "manualNote", "checked the logs with the admin"));
    assertThat(pi).isEnded().hasPassed("Event_AlreadyInPool");
    verify(enableServer, never()).execute(any());
  }

  @Test
  void returnEnablesWaitsForUpAndReleasesTheLease() throws Exception {
    upAfterChecks.set(1);
    ProcessInstance pi = start(false);
    complete(task(pi), withVariables("manualDecision", "return", "manualNote", "fixed by hand"));
    assertThat(pi).isWaitingAt("Task_EnableServer");
    execute(job(pi));
    assertThat(pi).isWaitingAt("Task_CheckServerUp");
    execute(job(pi));
    assertThat(pi).isWaitingAt("Task_ReleaseCapacity");
    execute(job(pi));
    assertThat(pi).isEnded().hasPassed("Event_ReturnedToPool").hasNotPassed("Event_WaitUntilUp");
    verify(enableServer, times(1)).execute(any());
    verify(releaseCapacity, times(1)).execute(any());
  }

  @Test
  void returnKeepsAskingUntilTheLoadBalancerReportsUp() throws Exception {
    upAfterChecks.set(3);
    ProcessInstance pi = start(false);
    complete(task(pi), withVariables("manualDecision", "return", "manualNote", "fixed by hand"));
    execute(job(pi)); // enable
    execute(job(pi)); // check: not up
    assertThat(pi).isWaitingAt("Event_WaitUntilUp");
    execute(job(pi)); // timer
    execute(job(pi)); // check: not up
    execute(job(pi)); // timer
    execute(job(pi)); // check: up
    assertThat(pi).isWaitingAt("Task_ReleaseCapacity");
    execute(job(pi));
    assertThat(pi).isEnded().hasPassed("Event_ReturnedToPool");
    verify(releaseCapacity, times(1)).execute(any());
  }

  @Test
  void aPoolThatOnlyAPersonCanOperateGetsATaskToPutTheServerBack() throws Exception {
    poolStepByHand = true;
    upAfterChecks.set(1);
    ProcessInstance pi = start(false);
    complete(task(pi), withVariables("manualDecision", "return", "manualNote", "fixed by hand"));
    execute(job(pi)); // enable: the manual driver describes the step
    assertThat(pi).isWaitingAt("UserTask_EnableServerByHand");
    assertThat(task(pi)).hasCandidateGroup("operators");
    org.assertj.core.api.Assertions.assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId())
        .initializeFormKeys().singleResult().getCamundaFormRef().getKey()).isEqualTo("pool-step");
    complete(task(pi), withVariables("poolStepDone", true));
    execute(job(pi)); // check up
    execute(job(pi)); // release
    assertThat(pi).isEnded().hasPassed("Event_ReturnedToPool");
  }

  @Test
  void aFailingEnableBecomesAnIncidentWithTheServerStillOut() throws Exception {
    doAnswer(i -> {
      throw new IllegalStateException("load balancer does not answer");
    }).when(enableServer).execute(any(DelegateExecution.class));
    ProcessInstance pi = start(false);
    complete(task(pi), withVariables("manualDecision", "return", "manualNote", "fixed"));
    ProcessEngine pe = engine.getProcessEngine();
    for (int i = 0; i < 5; i++) {
      try {
        execute(job(pi));
      } catch (RuntimeException expected) {
        // each attempt fails; the retry cycle counts down
      }
    }
    org.assertj.core.api.Assertions.assertThat(pe.getRuntimeService().createIncidentQuery()
        .processInstanceId(pi.getId()).count()).isEqualTo(1);
    assertThat(pi).isWaitingAt("Task_EnableServer");
    verify(releaseCapacity, never()).execute(any());
  }
}
