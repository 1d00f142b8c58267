package io.remoteservice.agent.campaign;

import static io.remoteservice.agent.campaign.ServerState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerunSelectionTest {

  static Map<String, ServerState> states(Object... pairs) {
    Map<String, ServerState> states = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      states.put((String) pairs[i], (ServerState) pairs[i + 1]);
    }
    return states;
  }

  @Test
  void failedThenNotRunInCampaignOrder() {
    RerunSelection r = RerunSelection.from(states("a", SUCCEEDED, "b", DEFERRED, "c", REVERTED, "d", SKIPPED,
        "e", REVERT_FAILED, "f", NOT_CHANGED, "g", SUCCEEDED, "h", PENDING));
    assertThat(r.failed()).containsExactly("c", "e", "f");
    assertThat(r.notRun()).containsExactly("b", "d", "h");
    assertThat(r.stillRunning()).isEmpty();
    assertThat(r.targets()).isEqualTo("c,e,f,b,d,h");
    assertThat(r.isEmpty()).isFalse();
  }

  @Test
  void nothingToRerunWhenEverythingSucceeded() {
    RerunSelection r = RerunSelection.from(states("a", SUCCEEDED, "b", SUCCEEDED));
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.targets()).isEmpty();
    CampaignSettings previous = CampaignSettings.parse(CampaignSettingsTest.vars(), 2, CampaignSettingsTest.NOW);
    assertThatThrownBy(() -> r.startVariables(previous)).hasMessageContaining("every server succeeded");
  }

  @Test
  void runningServersAreLeftOutAndNamed() {
    RerunSelection r = RerunSelection.from(states("a", RUNNING, "b", REVERTED));
    assertThat(r.stillRunning()).containsExactly("a");
    assertThat(r.targets()).isEqualTo("b");
  }

  @Test
  void startVariablesKeepJobAndSettingsButNotTheOldWindow() {
    CampaignSettings previous = CampaignSettings.parse(CampaignSettingsTest.vars("canary", 3, "parallelism", 7,
        "failureBudget", "10%", "windowEnd", "2026-11-23T05:00:00Z"), 4, CampaignSettingsTest.NOW);
    Map<String, Object> vars = RerunSelection.from(states("a", REVERTED, "b", DEFERRED, "c", SUCCEEDED))
        .startVariables(previous);
    assertThat(vars).containsEntry("jobId", "update-portal-config").containsEntry("targets", "a,b")
        .containsEntry("canary", 2).containsEntry("parallelism", 7).containsEntry("failureBudget", "10%")
        .doesNotContainKeys("windowStart", "windowEnd");
  }

  @Test
  void targetsResolveToTheSameServers(@TempDir Path dir) {
    TargetSelector selector = new TargetSelector(CampaignFixtures.fleet(dir));
    RerunSelection r = RerunSelection.from(states("portal-01", SUCCEEDED, "ts02", REVERT_FAILED,
        "app-01", SKIPPED));
    assertThat(selector.select(r.targets())).extracting(s -> s.id()).isEqualTo(List.of("ts02", "app-01"));
  }

  @Test
  void followsFromProgress() {
    CampaignProgress p = CampaignProgress.of("c", "j", BudgetSetting.NONE, CampaignProgressTest.SERVERS, false,
        true, true);
    assertThat(RerunSelection.from(p.states()).targets()).isEqualTo("s2,s6,s8,s4,s5,s7");
  }
}
