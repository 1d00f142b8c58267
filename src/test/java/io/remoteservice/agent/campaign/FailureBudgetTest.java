package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureBudgetTest {

  @Test
  void parsesCountsAndShares() {
    assertThat(BudgetSetting.parse("3")).isEqualTo(new BudgetSetting(3, false));
    assertThat(BudgetSetting.parse(" 10% ")).isEqualTo(new BudgetSetting(10, true));
    assertThat(BudgetSetting.parse("100%").toString()).isEqualTo("100%");
    assertThat(BudgetSetting.parse("0").toString()).isEqualTo("0");
    for (String bad : new String[] {"", "-1", "1.5", "101%", "ten", "%", "3 servers"}) {
      assertThatThrownBy(() -> BudgetSetting.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("e.g. \"10%\"");
    }
  }

  @Test
  void aShareIsRoundedDown() {
    assertThat(BudgetSetting.parse("10%").limit(25)).isEqualTo(2);
    assertThat(BudgetSetting.parse("10%").limit(9)).isZero();
    assertThat(BudgetSetting.parse("50%").limit(3)).isEqualTo(1);
    assertThat(BudgetSetting.parse("100%").limit(7)).isEqualTo(7);
    assertThat(BudgetSetting.parse("4").limit(2)).isEqualTo(4);
  }

  @Test
  void exceededOnlyWhenFailuresAreMoreThanTheLimit() {
    FailureBudget atLimit = FailureBudget.of(BudgetSetting.parse("2"), 10, 2);
    assertThat(atLimit.exceeded()).isFalse();
    assertThat(atLimit.left()).isZero();
    FailureBudget over = FailureBudget.of(BudgetSetting.parse("2"), 10, 3);
    assertThat(over.exceeded()).isTrue();
    assertThat(over.used()).isEqualTo(3);
    assertThat(over.limit()).isEqualTo(2);
  }

  @Test
  void theDefaultBudgetStopsAtTheFirstFailure() {
    assertThat(FailureBudget.of(BudgetSetting.NONE, 10, 0).exceeded()).isFalse();
    assertThat(FailureBudget.of(BudgetSetting.NONE, 10, 1).exceeded()).isTrue();
  }

  @Test
  void shareOfTwentyFiveTargets() {
    FailureBudget b = FailureBudget.of(BudgetSetting.parse("10%"), 25, 2);
    assertThat(b.exceeded()).isFalse();
    assertThat(b.describe()).isEqualTo("2 of 2 failures used (budget 10% of 25 targets)");
    assertThat(FailureBudget.of(BudgetSetting.parse("10%"), 25, 3).describe()).endsWith(": exceeded");
  }

  @Test
  void countsFailuresFromStates() {
    FailureBudget b = FailureBudget.of(BudgetSetting.parse("1"), List.of(ServerState.SUCCEEDED,
        ServerState.REVERTED, ServerState.SKIPPED, ServerState.NOT_CHANGED, ServerState.DEFERRED,
        ServerState.RUNNING));
    assertThat(b.targets()).isEqualTo(6);
    assertThat(b.used()).isEqualTo(2);
    assertThat(b.exceeded()).isTrue();
  }

  @Test
  void fromSettings() {
    CampaignSettings s = CampaignSettings.parse(CampaignSettingsTest.vars("failureBudget", "50%"), 4,
        CampaignSettingsTest.NOW);
    assertThat(FailureBudget.of(s, 4, 2).exceeded()).isFalse();
    assertThat(FailureBudget.of(s, 4, 3).exceeded()).isTrue();
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> FailureBudget.of(BudgetSetting.NONE, 3, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverStates() {
    assertThat(ServerState.parse(" reverted ")).isEqualTo(ServerState.REVERTED);
    assertThatThrownBy(() -> ServerState.parse("DONE")).hasMessageContaining("unknown server state 'DONE'")
        .hasMessageContaining("SUCCEEDED");
    assertThat(List.of(ServerState.values())).filteredOn(ServerState::failure)
        .containsExactly(ServerState.REVERTED, ServerState.REVERT_FAILED, ServerState.NOT_CHANGED);
    assertThat(List.of(ServerState.values())).filteredOn(s -> !s.done())
        .containsExactly(ServerState.PENDING, ServerState.RUNNING);
  }
}
