package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignSettingsTest {

  static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-23T04:00:00Z");

  static Map<String, Object> vars(Object... pairs) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("jobId", "update-portal-config");
    vars.put("targets", "pool:portal");
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put((String) pairs[i], pairs[i + 1]);
    }
    return vars;
  }

  static List<CampaignProblem> problems(Map<String, Object> vars, int targets) {
    try {
      CampaignSettings.parse(vars, targets, NOW);
    } catch (InvalidCampaignException e) {
      return e.problems();
    }
    throw new AssertionError("expected " + vars + " to be refused");
  }

  @Test
  void defaults() {
    CampaignSettings s = CampaignSettings.parse(vars(), 4, NOW);
    assertThat(s.jobId()).isEqualTo("update-portal-config");
    assertThat(s.targets()).isEqualTo("pool:portal");
    assertThat(s.canary()).isEqualTo(1);
    assertThat(s.parallelism()).isEqualTo(10);
    assertThat(s.failureBudget()).isEqualTo(new BudgetSetting(0, false));
    assertThat(s.windowStart()).isEqualTo(NOW);
    assertThat(s.windowEnd()).isNull();
    assertThat(s.end()).isEmpty();
  }

  @Test
  void blankValuesMeanTheDefaultAsFormsSendThem() {
    CampaignSettings s = CampaignSettings.parse(vars("canary", "", "parallelism", " ", "failureBudget", "",
        "windowStart", "", "windowEnd", ""), 4, NOW);
    assertThat(s.canary()).isEqualTo(1);
    assertThat(s.parallelism()).isEqualTo(10);
    assertThat(s.windowStart()).isEqualTo(NOW);
    assertThat(s.windowEnd()).isNull();
  }

  @Test
  void typedAndTextValuesAreRead() {
    CampaignSettings s = CampaignSettings.parse(vars("canary", 0, "parallelism", "25", "failureBudget", "10%",
        "windowStart", "2026-11-23T23:00:00+01:00", "windowEnd", "2026-11-24T03:00:00+01:00"), 4, NOW);
    assertThat(s.canary()).isZero();
    assertThat(s.parallelism()).isEqualTo(25);
    assertThat(s.failureBudget()).isEqualTo(new BudgetSetting(10, true));
    assertThat(s.windowStart()).isEqualTo(OffsetDateTime.parse("2026-11-23T23:00:00+01:00"));
    assertThat(s.windowEnd()).isEqualTo(OffsetDateTime.parse("2026-11-24T03:00:00+01:00"));
    assertThat(CampaignSettings.parse(vars("canary", 2L, "failureBudget", 3), 4, NOW).failureBudget())
        .isEqualTo(new BudgetSetting(3, false));
  }

  @Test
  void everyProblemIsCollectedWithItsVariable() {
    Map<String, Object> vars = vars("canary", -1, "parallelism", 0, "failureBudget", "lots",
        "windowStart", "tomorrow", "windowEnd", "2026-11-24T03:00");
    vars.remove("jobId");
    vars.put("targets", " ");
    assertThat(problems(vars, 4)).extracting(CampaignProblem::variable)
        .containsExactly("jobId", "targets", "canary", "parallelism", "failureBudget", "windowStart", "windowEnd");
  }

  @Test
  void messagesSayWhatToDo() {
    assertThat(problems(vars("jobId", "Bad Job"), 4).get(0).message()).contains("'Bad Job' is not a job id");
    assertThat(problems(vars("canary", "x"), 4).get(0).message()).contains("'x' is not a whole number");
    assertThat(problems(vars("parallelism", 5000), 4).get(0).message()).contains("between 1 and 1000");
    assertThat(problems(vars("failureBudget", "120%"), 4).get(0).message()).contains("between 0% and 100%");
    assertThat(problems(vars("windowEnd", "2026-11-24T03:00"), 4).get(0).message())
        .contains("'2026-11-24T03:00' has no offset").contains("2026-11-24T03:00Z");
    assertThat(problems(vars("windowStart", "soon"), 4).get(0).message())
        .contains("'soon' is not an ISO-8601 date-time with offset");
  }

  @Test
  void canaryMayNotExceedTheTargets() {
    assertThat(problems(vars("canary", 5), 4)).singleElement().satisfies(p -> {
      assertThat(p.variable()).isEqualTo("canary");
      assertThat(p.message()).contains("only 4").contains("at most 4");
    });
    assertThat(CampaignSettings.parse(vars("canary", 4), 4, NOW).canary()).isEqualTo(4);
    // Targets not resolved yet: no comparison.
    assertThat(CampaignSettings.parse(vars("canary", 50), NOW).canary()).isEqualTo(50);
  }

  @Test
  void windowEndMustFollowItsStart() {
    List<CampaignProblem> p = problems(vars("windowStart", "2026-11-24T02:00:00Z", "windowEnd",
        "2026-11-24T01:00:00Z"), 4);
    assertThat(p).singleElement().satisfies(x -> {
      assertThat(x.variable()).isEqualTo("windowEnd");
      assertThat(x.message()).contains("before it starts");
    });
    assertThat(problems(vars("windowStart", "2026-11-24T02:00:00Z", "windowEnd", "2026-11-24T02:00:00Z"), 4))
        .hasSize(1);
  }

  @Test
  void aWindowThatAlreadyClosedIsRefused() {
    assertThat(problems(vars("windowStart", "2026-11-22T22:00:00Z", "windowEnd", "2026-11-23T03:00:00+00:00"), 4))
        .singleElement().satisfies(x -> {
          assertThat(x.variable()).isEqualTo("windowEnd");
          assertThat(x.message()).contains("already closed at 2026-11-23T03:00Z");
        });
    // Without a start the default start is now, and an end in the past is refused too.
    assertThat(problems(vars("windowEnd", "2026-11-23T04:00:00Z"), 4)).hasSize(1);
  }

  @Test
  void aStartInThePastIsFineWhileTheWindowIsOpen() {
    CampaignSettings s = CampaignSettings.parse(vars("windowStart", "2026-11-22T22:00:00Z",
        "windowEnd", "2026-11-23T05:00:00Z"), 4, NOW);
    assertThat(s.windowOpen(NOW)).isTrue();
    assertThat(s.windowClosed(NOW)).isFalse();
    assertThat(s.windowOpen(OffsetDateTime.parse("2026-11-23T05:00:00Z"))).isFalse();
    assertThat(s.windowClosed(OffsetDateTime.parse("2026-11-23T05:00:00Z"))).isTrue();
    assertThat(s.windowOpen(OffsetDateTime.parse("2026-11-22T21:59:59Z"))).isFalse();
  }

  @Test
  void toVariablesParsesBackToTheSameSettings() {
    CampaignSettings s = CampaignSettings.parse(vars("canary", 2, "parallelism", 3, "failureBudget", "10%",
        "windowEnd", "2026-11-24T03:00:00+01:00"), 4, NOW);
    Map<String, Object> v = s.toVariables();
    assertThat(v).containsEntry("canary", 2).containsEntry("failureBudget", "10%")
        .containsEntry("windowStart", "2026-11-23T04:00:00Z").containsEntry("windowEnd", "2026-11-24T03:00:00+01:00");
    assertThat(CampaignSettings.parse(v, 4, NOW)).isEqualTo(s);
  }

  @Test
  void exceptionMessageListsEveryProblem() {
    assertThatThrownBy(() -> CampaignSettings.parse(vars("canary", -2, "parallelism", -1), 4, NOW))
        .isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("canary: -2 is negative").hasMessageContaining("parallelism: -1 is out of range");
  }
}
