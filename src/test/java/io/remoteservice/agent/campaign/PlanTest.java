package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.job.JobPackage;
import io.remoteservice.agent.remote.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanTest {

  static final PlannedJob JOB = new PlannedJob("update-portal-config", "3", "Update the portal configuration",
      "a".repeat(64), List.of("linux"));
  static final Platform DEBIAN = new Platform("unix", "debian", "12", "x86_64");
  static final Platform WINDOWS = new Platform("windows", "windows", "10.0.20348", "x86_64");

  @TempDir
  Path dir;

  Inventory inventory;

  @BeforeEach
  void setUp() {
    inventory = CampaignFixtures.fleet(dir);
  }

  private Plan plan(String targets, Map<String, PreflightResult> preflight, Object... settings) {
    Map<String, Object> vars = CampaignSettingsTest.vars(settings);
    vars.put("targets", targets);
    List<Server> servers = new TargetSelector(inventory).select(targets);
    return Plan.compute(inventory, JOB, servers,
        CampaignSettings.parse(vars, servers.size(), CampaignSettingsTest.NOW), preflight);
  }

  @Test
  void groupsTargetsPerCustomerAndPool() {
    Plan p = plan("pool:portal, pool:terminal, pool:app", null, "canary", 2);
    assertThat(p.targetCount()).isEqualTo(9);
    assertThat(p.customers()).extracting(Plan.CustomerPlan::id).containsExactly("acme", "globex");
    Plan.CustomerPlan acme = p.customers().get(0);
    assertThat(acme.name()).isEqualTo("ACME GmbH");
    assertThat(acme.contacts()).containsExactly("it@acme.example");
    assertThat(acme.servers()).isEqualTo(7);
    assertThat(acme.pools()).extracting(Plan.PoolPlan::id).containsExactly("portal", "terminal");
    Plan.PoolPlan portal = acme.pools().get(0);
    assertThat(portal.poolSize()).isEqualTo(4);
    assertThat(portal.maxUnavailable()).isEqualTo("50%");
    assertThat(portal.minAvailable()).isEqualTo(2);
    assertThat(portal.atOnce()).isEqualTo(2);
    assertThat(portal.canary()).containsExactly("portal-01");
    assertThat(portal.waves()).containsExactly(List.of("portal-02", "portal-03"), List.of("portal-04"));
    Plan.PoolPlan terminal = acme.pools().get(1);
    assertThat(terminal.driver()).isEqualTo("manual");
    assertThat(terminal.atOnce()).isEqualTo(1);
    assertThat(terminal.waves()).containsExactly(List.of("ts02"), List.of("ts03"));
  }

  @Test
  void canarySpreadsOverPoolsInTargetOrder() {
    assertThat(plan("pool:portal, pool:terminal, pool:app", null, "canary", 2).canary())
        .containsExactly("portal-01", "ts01");
    assertThat(plan("pool:app, pool:portal", null, "canary", 3).canary())
        .containsExactly("app-01", "portal-01", "app-02");
    assertThat(plan("pool:portal", null, "canary", 3).canary()).containsExactly("portal-01", "portal-02", "portal-03");
    assertThat(plan("pool:portal", null, "canary", 0).canary()).isEmpty();
  }

  @Test
  void canaryIsDeterministic() {
    assertThat(plan("tag:site-a, pool:app", null, "canary", 3))
        .isEqualTo(plan("tag:site-a, pool:app", null, "canary", 3));
  }

  @Test
  void canaryPrefersServersThePreflightFoundFit() {
    Map<String, PreflightResult> preflight = allProbed("pool:portal, pool:app");
    preflight.put("portal-01", PreflightResult.failed("connection refused"));
    preflight.put("app-01", PreflightResult.probed(WINDOWS));
    Plan p = plan("pool:portal, pool:app", preflight, "canary", 2);
    assertThat(p.canary()).containsExactly("portal-02", "app-02");
    // When only unfit servers are left, they fill the canary rather than shrink it.
    Plan all = plan("pool:app", preflight, "canary", 2);
    assertThat(all.canary()).containsExactly("app-02", "app-01");
  }

  @Test
  void roundsRespectEachPoolsCapacityAndInterleavePools() {
    Plan p = plan("pool:portal, pool:terminal, pool:app", null, "canary", 2);
    assertThat(p.rounds()).containsExactly(
        List.of("portal-02", "ts02", "app-01", "portal-03"),
        List.of("portal-04", "ts03", "app-02"));
    assertThat(p.order()).containsExactly("portal-02", "ts02", "app-01", "portal-03", "portal-04", "ts03", "app-02");
    assertThat(p.canaryRounds()).isEqualTo(1);
    assertThat(p.estimatedRounds()).isEqualTo(3);
  }

  @Test
  void parallelismBoundsEveryRound() {
    Plan p = plan("pool:portal, pool:terminal, pool:app", null, "canary", 0, "parallelism", 2);
    assertThat(p.rounds()).allSatisfy(r -> assertThat(r).hasSizeLessThanOrEqualTo(2));
    assertThat(p.rounds().get(0)).containsExactly("portal-01", "ts01");
    assertThat(p.order()).hasSize(9).doesNotHaveDuplicates();
    assertThat(p.estimatedRounds()).isEqualTo(5);
    // Each round starts after the pool served last, so no pool waits while another takes every slot.
    assertThat(p.rounds()).containsExactly(List.of("portal-01", "ts01"), List.of("app-01", "portal-02"),
        List.of("ts02", "app-02"), List.of("portal-03", "ts03"), List.of("portal-04"));
    Plan one = plan("pool:portal, pool:app", null, "canary", 0, "parallelism", 1);
    assertThat(one.order()).containsExactly("portal-01", "app-01", "portal-02", "app-02", "portal-03", "portal-04");
  }

  @Test
  void canaryRoundsAlsoRespectCapacity() {
    Plan p = plan("pool:terminal", null, "canary", 2);
    assertThat(p.canaryRounds()).isEqualTo(2);
    assertThat(p.rounds()).containsExactly(List.of("ts03"));
  }

  @Test
  void aPoolThatCanLetNoServerOutIsAnError() {
    Plan p = plan("pool:frozen, app-01", null, "canary", 0);
    assertThat(p.executable()).isFalse();
    assertThat(p.errors()).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo("frozen");
      assertThat(f.message()).contains("lets no server out").contains("minAvailable 2").contains("2 target(s)");
    });
    assertThat(p.order()).containsExactly("app-01");
    assertThat(p.customers().get(0).pools().get(0).waves()).isEmpty();
  }

  @Test
  void incompatiblePlatformIsAnErrorNamingTheServer() {
    Map<String, PreflightResult> preflight = allProbed("pool:app");
    preflight.put("app-02", PreflightResult.probed(WINDOWS));
    Plan p = plan("pool:app", preflight);
    assertThat(p.preflightChecked()).isTrue();
    assertThat(p.errors()).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo("app-02");
      assertThat(f.message()).contains("requires [linux]").contains("windows-10.0.20348-x86_64");
    });
    assertThat(p.platforms()).containsEntry("app-01", "debian-12-x86_64")
        .containsEntry("app-02", "windows-10.0.20348-x86_64");
  }

  @Test
  void failedOrMissingPreflightIsAWarning() {
    Map<String, PreflightResult> preflight = new HashMap<>();
    preflight.put("app-01", PreflightResult.failed("host key changed"));
    Plan p = plan("pool:app", preflight);
    assertThat(p.executable()).isTrue();
    assertThat(p.findings()).extracting(Plan.Finding::toString).containsExactly(
        "WARNING app-01: preflight failed: host key changed; the server will end NOT_CHANGED and count against"
            + " the failure budget",
        "WARNING app-02: not probed by the preflight");
  }

  @Test
  void withoutPreflightNothingIsChecked() {
    Plan p = plan("pool:app", null);
    assertThat(p.preflightChecked()).isFalse();
    assertThat(p.findings()).isEmpty();
    assertThat(p.platforms()).isEmpty();
  }

  @Test
  void carriesJobBudgetAndWindow() {
    Plan p = plan("pool:portal", null, "failureBudget", "50%", "parallelism", 4, "windowEnd",
        "2026-11-24T03:00:00+01:00");
    assertThat(p.job()).isEqualTo(JOB);
    assertThat(p.failureBudget()).isEqualTo("50%");
    assertThat(p.failureBudgetLimit()).isEqualTo(2);
    assertThat(p.parallelism()).isEqualTo(4);
    assertThat(p.windowStart()).isEqualTo("2026-11-23T04:00:00Z");
    assertThat(p.windowEnd()).isEqualTo("2026-11-24T03:00:00+01:00");
  }

  @Test
  void markdownForTheApprovalForm() {
    Map<String, PreflightResult> preflight = allProbed("pool:portal, pool:app");
    preflight.put("app-02", PreflightResult.probed(WINDOWS));
    String md = plan("pool:portal, pool:app", preflight, "canary", 2, "failureBudget", "1",
        "windowEnd", "2026-11-24T03:00:00+01:00").toMarkdown();
    assertThat(md).contains("## Campaign plan: Update the portal configuration")
        .contains("`update-portal-config` version 3, requires linux")
        .contains("**Digest:** `" + "a".repeat(64) + "`")
        .contains("6 servers of 2 customers in 2 pools")
        .contains("from 2026-11-23T04:00:00Z until 2026-11-24T03:00:00+01:00")
        .contains("1 failure tolerated; failure 2 stops new starts")
        .contains("| ACME GmbH (`acme`) | `portal` | none | 4 / 4 | 2 (50%, 2) | 2 | portal-01, portal-02, portal-03, portal-04 |")
        .contains("| Globex (`globex`) | `app` | none | 2 / 2 | 1 (1, 0) | 1 | app-01, app-02 |")
        .contains("globex (ops@globex.example, lead@globex.example)")
        .contains("portal-01, app-01 first; the rollout starts when they succeeded")
        .contains("1. portal-02, app-02, portal-03\n2. portal-04\n")
        .contains("Probed: debian-12-x86_64 × 5, windows-10.0.20348-x86_64 × 1")
        .contains("- **ERROR** `app-02`: job update-portal-config requires [linux]");
    assertThat(plan("pool:portal, pool:terminal, pool:app", null, "failureBudget", "10%").toMarkdown())
        .contains("**Failure budget:** 10% of 9 targets, rounded down, = 0 failures tolerated; failure 1 stops");
    assertThat(plan("pool:app", null, "canary", 0).toMarkdown())
        .contains("until open end").contains("No canary").contains("platform compatibility was not checked")
        .contains("No findings.");
  }

  @Test
  void markdownCutsLongLists(@TempDir Path big) {
    StringBuilder yaml = new StringBuilder("""
        customers: [ { id: acme, contacts: [it@acme.example] } ]
        pools: [ { id: farm, customer: acme, driver: none, capacity: { maxUnavailable: 1 } } ]
        servers:
        """);
    for (int i = 1; i <= 45; i++) {
      yaml.append("  - { id: s").append(i).append(", pool: farm, host: h").append(i).append(" }\n");
    }
    inventory = CampaignFixtures.load(big, yaml.toString());
    Plan p = plan("pool:farm", null, "canary", 1);
    assertThat(p.rounds()).hasSize(44);
    String md = p.toMarkdown();
    assertThat(md).contains(", ... and 25 more |").contains("... and 24 more rounds").contains("20. s21\n")
        .doesNotContain("21. s22");
  }

  @Test
  void titleCannotBreakTheTable() {
    PlannedJob odd = new PlannedJob("x", "1", "a | b\nc", "d", List.of());
    List<Server> servers = new TargetSelector(inventory).select("app-01");
    String md = Plan.compute(inventory, odd, servers,
        CampaignSettings.parse(CampaignSettingsTest.vars(), 1, CampaignSettingsTest.NOW), null).toMarkdown();
    assertThat(md).startsWith("## Campaign plan: a \\| b c\n");
  }

  @Test
  void serialisesToJsonAsARecordTree() throws Exception {
    Plan p = plan("pool:portal, pool:app", allProbed("pool:portal, pool:app"), "canary", 2);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(p));
    assertThat(json.get("job").get("digest").asText()).isEqualTo("a".repeat(64));
    assertThat(json.get("canary").toString()).isEqualTo("[\"portal-01\",\"app-01\"]");
    assertThat(json.get("customers").get(0).get("pools").get(0).get("atOnce").asInt()).isEqualTo(2);
    assertThat(json.get("rounds").get(0).size()).isEqualTo(3);
    assertThat(json.get("windowEnd").isNull()).isTrue();
    assertThat(json.get("platforms").get("portal-01").asText()).isEqualTo("debian-12-x86_64");
    assertThat(json.has("executable")).isFalse();
  }

  @Test
  void plannedJobAgreesWithJobPackage(@TempDir Path jobs) throws Exception {
    Path pkgDir = jobs.resolve("demo");
    Files.createDirectories(pkgDir);
    Files.writeString(pkgDir.resolve("README.md"), "# Demo\n\nWhat, why, risk, duration, contact.\n");
    Files.writeString(pkgDir.resolve("job.yaml"), """
        id: demo
        version: 2
        title: Demo
        timeouts: { autoAction: PT1M, failureRevert: PT1M }
        requires: [linux, windows]
        """);
    Files.writeString(pkgDir.resolve("AutoAction.sh"), "true\n");
    JobPackage pkg = JobPackage.load(pkgDir);
    PlannedJob job = PlannedJob.of(pkg);
    assertThat(job.id()).isEqualTo("demo");
    assertThat(job.version()).isEqualTo("2");
    assertThat(job.digest()).isEqualTo(pkg.digest());
    for (List<String> requires : List.of(List.<String>of(), List.of("linux"), List.of("unix"), List.of("debian"),
        List.of("windows"), List.of("ubuntu", "rhel"))) {
      PlannedJob variant = new PlannedJob("demo", "2", "Demo", "d", requires);
      for (Platform platform : List.of(DEBIAN, WINDOWS, new Platform("unix", "rhel", "9", "aarch64"))) {
        boolean expected = requires.isEmpty() || requires.stream().anyMatch(r -> r.equals(platform.family())
            || r.equals(platform.os()) || r.equals("linux") && platform.family().equals("unix"));
        assertThat(variant.supports(platform)).as(requires + " " + platform).isEqualTo(expected);
      }
    }
    for (Platform platform : List.of(DEBIAN, WINDOWS, new Platform("unix", "rhel", "9", "aarch64"))) {
      assertThat(job.supports(platform)).as(platform.toString()).isEqualTo(pkg.supports(platform));
    }
  }

  @Test
  void simulatedRoundsKeepEveryLimitForManyShapes() {
    java.util.Random random = new java.util.Random(42);
    for (int run = 0; run < 200; run++) {
      Map<String, java.util.Deque<String>> queues = new java.util.LinkedHashMap<>();
      Map<String, Integer> atOnce = new HashMap<>();
      int total = 0;
      int pools = 1 + random.nextInt(5);
      for (int pool = 0; pool < pools; pool++) {
        java.util.Deque<String> q = new java.util.ArrayDeque<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
          q.add("p" + pool + "-" + i);
        }
        total += n;
        queues.put("p" + pool, q);
        atOnce.put("p" + pool, 1 + random.nextInt(4));
      }
      int parallelism = 1 + random.nextInt(6);
      List<List<String>> rounds = Plan.simulate(queues, atOnce, parallelism);
      assertThat(rounds.stream().flatMap(List::stream).toList()).hasSize(total).doesNotHaveDuplicates();
      for (List<String> round : rounds) {
        assertThat(round).isNotEmpty().hasSizeLessThanOrEqualTo(parallelism);
        atOnce.forEach((pool, max) -> assertThat(round.stream().filter(id -> id.startsWith(pool + "-")).count())
            .isLessThanOrEqualTo(max));
      }
      // Work-conserving: a round is full, or every pool with servers left got as many as it may.
      Map<String, Integer> left = new HashMap<>();
      queues.forEach((pool, q) -> left.put(pool, q.size()));
      for (List<String> round : rounds) {
        for (String pool : queues.keySet()) {
          long inRound = round.stream().filter(id -> id.startsWith(pool + "-")).count();
          if (round.size() < parallelism) {
            assertThat(inRound).as("round %s, pool %s", round, pool).isEqualTo(Math.min(left.get(pool), atOnce.get(pool)));
          }
          left.merge(pool, (int) -inRound, Integer::sum);
        }
      }
    }
  }

  private Map<String, PreflightResult> allProbed(String targets) {
    Map<String, PreflightResult> preflight = new HashMap<>();
    new TargetSelector(inventory).select(targets).forEach(s -> preflight.put(s.id(), PreflightResult.probed(DEBIAN)));
    return preflight;
  }
}
