package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;

/** The rollout's waves: size, the window that closes, an abort, and "continue" on an exceeded budget. */
class NextWaveDelegateTest {

  final Map<String, Object> variables = new HashMap<>();
  final DelegateExecution execution = mock(DelegateExecution.class);
  final NextWaveDelegate delegate = new NextWaveDelegate(new CampaignSupport(null, null));

  NextWaveDelegateTest() {
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> {
      Object value = i.getArgument(1);
      variables.put(i.getArgument(0, String.class), value instanceof TypedValue t ? t.getValue() : value);
      return null;
    }).when(execution).setVariable(anyString(), any());
    variables.put("rolloutServers", "s1,s2,s3,s4,s5");
    variables.put("parallelism", 2);
  }

  @Test
  void takesWavesOfParallelismUntilNoServerIsLeft() {
    delegate.execute(execution);
    assertThat(variables).containsEntry("waveServers", "s1,s2").containsEntry("wavesLeft", "s3,s4,s5")
        .containsEntry("moreWaves", true);
    delegate.execute(execution);
    delegate.execute(execution);
    assertThat(variables).containsEntry("waveServers", "s5").containsEntry("wavesLeft", "");
    delegate.execute(execution);
    assertThat(variables).containsEntry("moreWaves", false);
  }

  @Test
  void noWaveStartsOnceTheWindowHasClosed() {
    variables.put("windowEnd", OffsetDateTime.now().minusMinutes(1).toString());
    delegate.execute(execution);
    assertThat(variables).containsEntry("moreWaves", false).containsEntry("waveServers", "")
        .containsEntry("wavesLeft", "s1,s2,s3,s4,s5");
  }

  @Test
  void aWindowStillOpenLetsTheWaveStart() {
    variables.put("windowEnd", OffsetDateTime.now().plusHours(1).toString());
    delegate.execute(execution);
    assertThat(variables).containsEntry("moreWaves", true);
  }

  @Test
  void noWaveStartsAfterAnAbort() {
    variables.put("aborted", true);
    delegate.execute(execution);
    assertThat(variables).containsEntry("moreWaves", false);
  }

  @Test
  void continueOnAnExceededBudgetRecordsTheOverrideForTheStartGate() {
    variables.put("budgetDecision", "continue");
    delegate.execute(execution);
    assertThat(variables).containsEntry("budgetOverride", true).containsEntry("moreWaves", true);
  }
}
