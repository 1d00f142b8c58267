package io.remoteservice.agent.campaign;

import static io.remoteservice.agent.campaign.ServerState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteservice.agent.campaign.CampaignProgress.ServerProgress;
import io.remoteservice.agent.campaign.CampaignProgress.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

  static ServerProgress server(String id, ServerState state) {
    return new ServerProgress(id, "portal", "acme", id.endsWith("1"), state, null);
  }

  static final List<ServerProgress> SERVERS = List.of(server("s1", SUCCEEDED), server("s2", REVERTED),
      server("s3", RUNNING), server("s4", PENDING), server("s5", SKIPPED), server("s6", NOT_CHANGED),
      server("s7", DEFERRED), server("s8", REVERT_FAILED), server("s9", SUCCEEDED));

  @Test
  void countsEveryStateInEnumOrder() {
    CampaignProgress p = CampaignProgress.of("c1", "job", BudgetSetting.parse("2"), SERVERS, false, false, false);
    assertThat(p.total()).isEqualTo(9);
    assertThat(p.counts().keySet()).containsExactly(ServerState.values());
    assertThat(p.counts()).containsEntry(SUCCEEDED, 2).containsEntry(REVERTED, 1).containsEntry(RUNNING, 1)
        .containsEntry(PENDING, 1).containsEntry(SKIPPED, 1).containsEntry(NOT_CHANGED, 1)
        .containsEntry(DEFERRED, 1).containsEntry(REVERT_FAILED, 1);
    assertThat(p.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    assertThat(p.done()).isEqualTo(7);
    assertThat(p.failures()).isEqualTo(3);
  }

  @Test
  void budgetUsedComesFromTheFailures() {
    CampaignProgress p = CampaignProgress.of("c1", "job", BudgetSetting.parse("2"), SERVERS, false, false, false);
    assertThat(p.budget().used()).isEqualTo(3);
    assertThat(p.budget().limit()).isEqualTo(2);
    assertThat(p.budget().exceeded()).isTrue();
    CampaignProgress share = CampaignProgress.of("c1", "job", BudgetSetting.parse("40%"), SERVERS, false, false,
        false);
    assertThat(share.budget().limit()).isEqualTo(3);
    assertThat(share.budget().exceeded()).isFalse();
  }

  @Test
  void statusFollowsTheFlags() {
    assertThat(CampaignProgress.of("c", "j", BudgetSetting.NONE, SERVERS, false, false, false).status())
        .isEqualTo(Status.RUNNING);
    CampaignProgress paused = CampaignProgress.of("c", "j", BudgetSetting.NONE, SERVERS, true, false, false);
    assertThat(paused.status()).isEqualTo(Status.PAUSED);
    assertThat(paused.paused()).isTrue();
    assertThat(CampaignProgress.of("c", "j", BudgetSetting.NONE, SERVERS, true, true, false).status())
        .isEqualTo(Status.ABORTED);
    CampaignProgress finished = CampaignProgress.of("c", "j", BudgetSetting.NONE, SERVERS, false, true, true);
    assertThat(finished.status()).isEqualTo(Status.FINISHED);
    assertThat(finished.aborted()).isTrue();
  }

  @Test
  void aServerMayAppearOnlyOnce() {
    assertThatThrownBy(() -> CampaignProgress.of("c1", "j", BudgetSetting.NONE,
        List.of(server("s1", PENDING), server("s1", RUNNING)), false, false, false))
        .hasMessageContaining("server s1 appears twice in campaign c1");
    assertThatThrownBy(() -> new ServerProgress("s1", "p", "c", false, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statesKeepTheCampaignOrder() {
    CampaignProgress p = CampaignProgress.of("c", "j", BudgetSetting.NONE, SERVERS, false, false, false);
    assertThat(p.states().keySet()).containsExactly("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
  }

  @Test
  void initialProgressFromAPlan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    var inventory = CampaignFixtures.fleet(dir);
    var servers = new TargetSelector(inventory).select("pool:frozen, pool:app, pool:portal");
    var settings = CampaignSettings.parse(CampaignSettingsTest.vars("canary", 2), servers.size(),
        CampaignSettingsTest.NOW);
    Plan plan = Plan.compute(inventory, PlanTest.JOB, servers, settings, null);
    List<ServerProgress> initial = CampaignProgress.initial(plan);
    assertThat(initial).extracting(ServerProgress::serverId).containsExactly("app-01", "portal-01", "app-02",
        "portal-02", "portal-03", "portal-04", "frozen-01", "frozen-02");
    assertThat(initial).allSatisfy(s -> assertThat(s.state()).isEqualTo(PENDING));
    assertThat(initial).filteredOn(ServerProgress::canary).extracting(ServerProgress::serverId)
        .containsExactly("app-01", "portal-01");
    assertThat(initial.get(1).pool()).isEqualTo("portal");
    assertThat(initial.get(1).customer()).isEqualTo("acme");
    assertThat(initial.get(6).customer()).isEqualTo("globex");
  }

  @Test
  void jsonShape() throws Exception {
    CampaignProgress p = CampaignProgress.of("c1", "rotate-logs", BudgetSetting.parse("10%"),
        List.of(new ServerProgress("s1", "portal", "acme", true, REVERTED, "AutoAction exit 3")), true, false, false);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(p));
    assertThat(json.get("campaignId").asText()).isEqualTo("c1");
    assertThat(json.get("status").asText()).isEqualTo("PAUSED");
    assertThat(json.get("paused").asBoolean()).isTrue();
    assertThat(json.get("counts").get("REVERTED").asInt()).isEqualTo(1);
    assertThat(json.get("counts").get("PENDING").asInt()).isZero();
    assertThat(json.get("budget").get("setting").asText()).isEqualTo("10%");
    assertThat(json.get("budget").get("exceeded").asBoolean()).isTrue();
    JsonNode server = json.get("servers").get(0);
    assertThat(server.get("serverId").asText()).isEqualTo("s1");
    assertThat(server.get("state").asText()).isEqualTo("REVERTED");
    assertThat(server.get("canary").asBoolean()).isTrue();
    assertThat(server.get("detail").asText()).isEqualTo("AutoAction exit 3");
    assertThat(json.fieldNames()).toIterable().containsExactly("campaignId", "jobId", "status", "paused",
        "aborted", "total", "counts", "budget", "servers");
  }
}
