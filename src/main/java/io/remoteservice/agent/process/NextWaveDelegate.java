package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import java.time.OffsetDateTime;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_NextWave: the next at most {@code parallelism} servers of the rollout. No further wave starts after
 * an abort or once the window has closed; the servers left over are reported as deferred.
 */
@Component
class NextWaveDelegate implements JavaDelegate {

  private final CampaignSupport campaign;

  NextWaveDelegate(CampaignSupport campaign) {
    this.campaign = campaign;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if ("continue".equals(BUDGET_DECISION.from(execution))) {
      BUDGET_OVERRIDE.on(execution, true);
    }
    String left = WAVES_LEFT.from(execution);
    List<String> rest = campaign.split(left == null ? ROLLOUT_SERVERS.from(execution) : left);
    String end = WINDOW_END.from(execution);
    boolean stop = Boolean.TRUE.equals(ABORTED.from(execution))
        || end != null && !OffsetDateTime.now().isBefore(OffsetDateTime.parse(end));
    int size = Math.max(1, PARALLELISM.orDefault(execution, 10));
    List<String> wave = stop ? List.of() : rest.subList(0, Math.min(size, rest.size()));
    WAVE_SERVERS.on(execution, CampaignSupport.join(wave));
    WAVES_LEFT.on(execution, CampaignSupport.join(stop ? rest : rest.subList(wave.size(), rest.size())));
    MORE_WAVES.on(execution, !wave.isEmpty());
  }
}
