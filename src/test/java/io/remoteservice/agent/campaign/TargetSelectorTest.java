package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetSelectorTest {

  @TempDir
  Path dir;

  TargetSelector selector;

  @BeforeEach
  void setUp() {
    selector = new TargetSelector(CampaignFixtures.fleet(dir));
  }

  private List<String> ids(String targets) {
    return selector.select(targets).stream().map(Server::id).toList();
  }

  private List<CampaignProblem> problems(String targets) {
    try {
      selector.select(targets);
    } catch (InvalidCampaignException e) {
      return e.problems();
    }
    throw new AssertionError("expected '" + targets + "' to be refused");
  }

  @Test
  void singleServer() {
    assertThat(ids("ts02")).containsExactly("ts02");
  }

  @Test
  void serversPoolsAndTagsInWrittenOrderWithoutDuplicates() {
    assertThat(ids(" app-02 , pool:portal,tag:site-a , portal-02,app-02 "))
        .containsExactly("app-02", "portal-01", "portal-02", "portal-03", "portal-04", "ts01", "app-01");
  }

  @Test
  void poolServersComeInInventoryOrder() {
    assertThat(ids("pool:terminal")).containsExactly("ts01", "ts02", "ts03");
  }

  @Test
  void blanksAroundPrefixesAndEmptyItemsAreTolerated() {
    assertThat(ids("pool : app,, ,tag: site-b,")).containsExactly("app-01", "app-02", "portal-02", "portal-04");
  }

  @Test
  void caseIsIgnoredSinceIdsAreLowerCase() {
    assertThat(ids("TS01, Pool:App, TAG:Site-B")).containsExactly("ts01", "app-01", "app-02", "portal-02",
        "portal-04");
  }

  @Test
  void unknownServerNamesCloseIds() {
    List<CampaignProblem> problems = problems("ts1");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).variable()).isEqualTo("targets");
    assertThat(problems.get(0).message()).contains("unknown server 'ts1'").contains("ts01", "ts02", "ts03")
        .doesNotContain("portal-01");
  }

  @Test
  void unknownServerWithNothingCloseListsKnownServers() {
    assertThat(problems("zzzzzzzzzz").get(0).message()).contains("unknown server 'zzzzzzzzzz'")
        .contains("known servers: app-01, app-02, frozen-01");
  }

  @Test
  void unknownPoolAndTagAreNamedWithSuggestions() {
    List<CampaignProblem> problems = problems("pool:portl, tag:site-c, ts01");
    assertThat(problems).extracting(CampaignProblem::message).satisfiesExactly(
        m -> assertThat(m).contains("unknown pool 'portl'").contains("'pool:portl'").contains("portal"),
        m -> assertThat(m).contains("unknown tag 'site-c'").contains("site-a", "site-b"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(problems("nope, pool:, host:x, tag:")).hasSize(4);
  }

  @Test
  void malformedItemsSayWhatIsAccepted() {
    assertThat(problems("host:h1").get(0).message()).contains("'host:h1' is not a target")
        .contains("pool:ID or tag:NAME");
    assertThat(problems("pool:").get(0).message()).contains("names no pool");
  }

  @Test
  void emptyTargetsAreRefused() {
    assertThat(problems("  , ").get(0).message()).contains("no targets given");
    assertThat(problems(null).get(0).message()).contains("no targets given");
  }

  @Test
  void poolWithoutServersGivesAnEmptySelection(@TempDir Path other) {
    Inventory inventory = CampaignFixtures.load(other, """
        customers: [ { id: acme, contacts: [it@acme.example] } ]
        pools: [ { id: empty, customer: acme, driver: none }, { id: full, customer: acme, driver: none } ]
        servers: [ { id: s1, pool: full, host: h } ]
        """);
    TargetSelector empty = new TargetSelector(inventory);
    assertThatThrownBy(() -> empty.select("pool:empty")).isInstanceOf(InvalidCampaignException.class)
        .hasMessageContaining("selects no server").hasMessageContaining("pool:empty has no servers");
    assertThat(empty.select("pool:empty, s1")).extracting(Server::id).containsExactly("s1");
  }

  @Test
  void errorsInAnEmptyInventorySayThereIsNothing() {
    TargetSelector none = new TargetSelector(Inventory.empty());
    assertThat(assertThrowsProblems(none, "ts01")).contains("there are no servers in the inventory");
  }

  private static String assertThrowsProblems(TargetSelector s, String targets) {
    try {
      s.select(targets);
    } catch (InvalidCampaignException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void asTargetsRoundTrips() {
    List<String> ids = ids("pool:app, ts03");
    assertThat(ids(TargetSelector.asTargets(ids))).isEqualTo(ids);
  }

  @Test
  void nearbyDistance() {
    assertThat(Nearby.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(Nearby.close("portal-1", List.of("portal-01", "portal-10", "app-01"))).containsExactly("portal-01",
        "portal-10");
  }
}
