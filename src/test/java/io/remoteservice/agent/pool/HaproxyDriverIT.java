package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealHaproxy;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.fleet.StickyClient;
import io.remoteservice.agent.fleet.StickyClient.HeldSession;
import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.DrainPolicy.OnTimeout;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.pool.DrainCheck.Outcome;
import io.remoteservice.agent.pool.ReconcileReport.ReconcileFix;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The haproxy driver against the test fleet's real HAProxy: a pair of load balancers (both get every
 * command; users come through the first), three servers, sticky users from their own source addresses.
 */
@ExtendWith(FleetExtension.class)
class HaproxyDriverIT {

  static final String POOL = "portal";
  static final String BACKEND = "be_portal";

  static RealSite site;
  static RealHaproxy lb1;
  static RealHaproxy lb2;
  static FleetServer s1;
  static FleetServer s3;

  @TempDir
  Path dir;
  Inventory inventory;
  PoolDriver driver;

  @BeforeAll
  static void start(Fleet fleet) {
    site = fleet.real(Layout.of(PoolSpec.haproxy(POOL, 3).drain(Duration.ofSeconds(1), "ask")).loadBalancers(2));
    lb1 = site.haproxies().get(0);
    lb2 = site.haproxies().get(1);
    s1 = site.server("portal-01");
    s3 = site.server("portal-03");
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  /** Every test starts from the config's state on both balancers: all ready and UP, no stick entries. */
  @BeforeEach
  void configState() throws Exception {
    for (RealHaproxy lb : site.haproxies()) {
      for (FleetServer s : site.servers()) {
        s.backend().healthy(true);
        assertThat(lb.command("set server " + BACKEND + "/" + s.lbName() + " state ready")).isEmpty();
      }
      assertThat(lb.command("clear table " + BACKEND)).isEmpty();
    }
    for (RealHaproxy lb : site.haproxies()) {
      site.servers().forEach(s -> lb.awaitStatus(POOL, s.lbName(), "UP"));
    }
    inventory = new InventoryLoader().load(site.inventory());
    driver = new PoolDrivers().forPool(inventory.pool(POOL).orElseThrow());
  }

  Server server(FleetServer s) {
    return inventory.server(s.id()).orElseThrow();
  }

  Inventory customized(Consumer<Map<String, Object>> change) throws Exception {
    return new InventoryLoader().load(site.inventoryWriter().customize(change).writeTo(dir.resolve("inventory.yaml")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> pool(Map<String, Object> tree) {
    return (Map<String, Object>) ((List<Object>) tree.get("pools")).get(0);
  }

  static void awaitOnBoth(FleetServer s, String status) {
    lb1.awaitStatus(POOL, s.lbName(), status);
    lb2.awaitStatus(POOL, s.lbName(), status);
  }

  /** Who answers a few new users (each from its own address). */
  static List<String> newUsers(int n) {
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answered.add(lb1.client(POOL).get());
    }
    return answered;
  }

  @Test
  void theFleetsInventoryNamesBothBalancers() {
    assertThat(inventory.pool(POOL).orElseThrow().haproxy().sockets()).containsExactly(lb1.tcpSocket(), lb2.tcpSocket());
  }

  @Test
  void aStickyClientKeepsReachingTheDrainedServer() {
    StickyClient user = lb1.clientOn(s1);
    ActionResult r = driver.drain(server(s1));
    assertThat(r.kind()).isEqualTo(ActionResult.Kind.DONE);
    assertThat(r.summary()).contains(lb1.tcpSocket()).contains(lb2.tcpSocket());
    awaitOnBoth(s1, "DRAIN");
    ServerState state = driver.state(server(s1));
    assertThat(state.lbs()).extracting(LbState::status).containsExactly(LbStatus.DRAIN, LbStatus.DRAIN);
    for (int i = 0; i < 3; i++) {
      assertThat(user.get()).as("the sticky user stays on the draining server").isEqualTo(s1.id());
    }
    assertThat(newUsers(6)).as("new users never reach the draining server").doesNotContain(s1.id());
  }

  @Test
  void theDrainLoopPurgesTheEntryOnceTheSessionEndsAndTheNextRequestGoesElsewhere() {
    StickyClient user = lb1.clientOn(s1);
    HeldSession session = user.hold();
    assertThat(session.serverId()).isEqualTo(s1.id());
    driver.drain(server(s1));
    awaitOnBoth(s1, "DRAIN");
    DrainStep step = new DrainStep(new PoolDrivers(), () -> inventory, Clock.systemUTC());
    DrainPolicy policy = new DrainPolicy(Duration.ofMinutes(5), OnTimeout.ASK, false, false);
    Instant started = Instant.now();

    DrainCheck busy = step.check(s1.id(), policy, started, null);
    assertThat(busy.outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(busy.lbSessions()).isEqualTo(1);
    assertThat(busy.notes()).as("the entry in use is refused, so cleared again later")
        .anySatisfy(n -> assertThat(n).contains("still in use"));
    assertThat(lb1.command("show table " + BACKEND + " data.server_id eq " + s1.lbId())).contains(user.source());

    session.close();
    List<DrainCheck> rounds = new ArrayList<>();
    await("drained").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
      DrainCheck c = step.check(s1.id(), policy, started, null);
      rounds.add(c);
      return c.outcome() == Outcome.DRAINED;
    });
    System.out.println("drain rounds after the session ended: " + rounds);
    assertThat(lb1.command("show table " + BACKEND + " data.server_id eq " + s1.lbId())).doesNotContain(user.source());
    assertThat(user.get()).as("the user's next request reaches another server").isNotEqualTo(s1.id());
  }

  @ParameterizedTest
  @EnumSource(OnTimeout.class)
  void aSessionThatNeverEndsMeetsTheTimeoutAndThePolicyDecides(OnTimeout onTimeout) throws Exception {
    inventory = customized(tree -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> drain = (Map<String, Object>) pool(tree).get("drain");
      drain.put("timeout", "PT1S");
      drain.put("onTimeout", onTimeout.yamlName());
      drain.put("shutdownSessions", true);
    });
    driver = new PoolDrivers().forPool(inventory.pool(POOL).orElseThrow());
    StickyClient user = lb1.clientOn(s1);
    HeldSession session = user.hold();
    try {
      driver.drain(server(s1));
      DrainStep step = new DrainStep(new PoolDrivers(), () -> inventory, Clock.systemUTC());
      DrainPolicy policy = step.effectivePolicy(s1.id(), null, null);
      Instant started = Instant.now();
      DrainCheck[] last = new DrainCheck[1];
      await("drain timeout").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        last[0] = step.check(s1.id(), policy, started, null);
        return last[0].outcome() != Outcome.NOT_YET;
      });
      assertThat(last[0].outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(last[0].onTimeout()).isEqualTo(onTimeout);
      assertThat(last[0].lbSessions()).isEqualTo(1);
      System.out.println("policy " + onTimeout.yamlName() + ": " + last[0]);
      switch (onTimeout) {
        case ASK -> {
          // A person decides; until then the server stays in drain and its user is not cut off.
          assertThat(lb1.status(POOL, s1.lbName())).isEqualTo("DRAIN");
          assertThat(user.get()).isEqualTo(s1.id());
        }
        case ABORT -> {
          // The server goes back unchanged: ready, UP, its user still there.
          driver.enable(server(s1));
          await().atMost(Duration.ofSeconds(10)).until(() -> driver.state(server(s1)).up());
          assertThat(user.get()).isEqualTo(s1.id());
          assertThat(lb1.sessions(POOL, s1.lbName())).isEqualTo(1);
        }
        case PROCEED -> {
          // Disable with shutdownSessions: no traffic, and the session still open is cut.
          ActionResult r = driver.disable(server(s1));
          assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("were cut"));
          awaitOnBoth(s1, "MAINT");
          await().atMost(Duration.ofSeconds(10)).until(() -> driver.sessions(server(s1)).count() == 0);
          assertThat(user.get()).isNotEqualTo(s1.id());
        }
        default -> throw new AssertionError(onTimeout);
      }
    } finally {
      session.close();
    }
  }

  @Test
  void maintStopsAllTrafficEvenForStickyUsers() {
    StickyClient user = lb1.clientOn(s1);
    driver.disable(server(s1));
    awaitOnBoth(s1, "MAINT");
    assertThat(driver.state(server(s1)).status()).isEqualTo(LbStatus.MAINT);
    assertThat(user.get()).isNotEqualTo(s1.id());
    assertThat(newUsers(6)).doesNotContain(s1.id());
  }

  @Test
  void readyAndUpBringItBack() {
    driver.disable(server(s1));
    awaitOnBoth(s1, "MAINT");
    ActionResult r = driver.enable(server(s1));
    assertThat(r.summary()).contains("wait until every load balancer reports it UP");
    await("UP on both").atMost(Duration.ofSeconds(10)).until(() -> driver.state(server(s1)).up());
    assertThat(driver.state(server(s1)).lbs()).extracting(LbState::status).containsExactly(LbStatus.UP, LbStatus.UP);
    await("new users reach it again").atMost(Duration.ofSeconds(10))
        .until(() -> newUsers(3).contains(s1.id()));
  }

  @Test
  void aBalancerThatDoesNotAnswerIsAClearErrorAndNothingIsTouched() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String dead = "tcp:127.0.0.1:" + closedPort;
    inventory = customized(tree -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> haproxy = (Map<String, Object>) pool(tree).get("haproxy");
      haproxy.put("sockets", List.of(lb1.tcpSocket(), dead));
    });
    driver = new PoolDrivers().forPool(inventory.pool(POOL).orElseThrow());
    for (Runnable verb : List.<Runnable>of(() -> driver.drain(server(s1)), () -> driver.disable(server(s1)),
        () -> driver.clearSticky(server(s1)))) {
      assertThatThrownBy(verb::run).isInstanceOf(PoolDriverException.class)
          .hasMessageContaining("socket " + dead + " does not answer");
    }
    assertThatThrownBy(() -> driver.state(server(s1))).hasMessageContaining(dead);
    assertThat(lb1.status(POOL, s1.lbName())).as("the balancer that answers was not touched").isEqualTo("UP");
    assertThat(lb1.command("show servers state " + BACKEND)).contains(" " + s1.lbName() + " ");
    List<ServerState> states = driver.states(List.of(server(s1)));
    assertThat(states.get(0).lbs()).extracting(LbState::status).containsExactly(LbStatus.UP, LbStatus.UNKNOWN);
    assertThat(states.get(0).errors()).singleElement().asString().contains(dead);
  }

  @Test
  void anUnknownServerNameIsAnErrorAndNothingIsTouched() throws Exception {
    inventory = customized(tree -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> first = (Map<String, Object>) ((List<Object>) tree.get("servers")).get(0);
      first.put("lbName", "ghost");
    });
    driver = new PoolDrivers().forPool(inventory.pool(POOL).orElseThrow());
    assertThatThrownBy(() -> driver.drain(server(s1))).isInstanceOf(PoolDriverException.class)
        .hasMessageContaining("has no server 'ghost' in backend " + BACKEND)
        .hasMessageContaining(lb1.tcpSocket())
        .hasMessageContaining("Nothing was changed");
    assertThatThrownBy(() -> driver.state(server(s1))).hasMessageContaining("no server 'ghost'");
    for (FleetServer s : site.servers()) {
      assertThat(lb1.status(POOL, s.lbName())).isEqualTo("UP");
      assertThat(lb2.status(POOL, s.lbName())).isEqualTo("UP");
    }
  }

  @Test
  void unixSocketsWorkToo() throws Exception {
    inventory = new InventoryLoader().load(site.inventoryWriter().unixSockets().writeTo(dir.resolve("unix.yaml")));
    assertThat(inventory.pool(POOL).orElseThrow().haproxy().sockets()).allMatch(s -> s.startsWith("unix:/"));
    driver = new PoolDrivers().forPool(inventory.pool(POOL).orElseThrow());
    driver.drain(server(s1));
    awaitOnBoth(s1, "DRAIN");
    assertThat(driver.state(server(s1)).status()).isEqualTo(LbStatus.DRAIN);
  }

  @Test
  void aPoweredOffServerIsStillTakenOutAndTheDriverSaysSo() {
    s3.backend().healthy(false);
    awaitOnBoth(s3, "DOWN");
    ActionResult r = driver.disable(server(s3));
    assertThat(r.kind()).isEqualTo(ActionResult.Kind.DONE);
    assertThat(r.notes()).hasSize(2).allSatisfy(n -> assertThat(n).contains("is DOWN on").contains("not an error"));
    awaitOnBoth(s3, "MAINT");
  }

  @Test
  void afterARestartMidMaintenanceReconcileReassertsAndReports() {
    FleetServer s2 = site.server("portal-02");
    driver.disable(server(s1));
    driver.drain(server(s2));
    awaitOnBoth(s1, "MAINT");
    awaitOnBoth(s2, "DRAIN");
    Map<Server, AdminState> heldOut = Map.of(server(s1), AdminState.MAINT, server(s2), AdminState.DRAIN);
    assertThat(driver.reconcile(heldOut).fixed()).as("nothing lost yet").isEmpty();

    lb1.restart();
    assertThat(lb1.status(POOL, s1.lbName())).as("the restart lost the runtime state").isEqualTo("UP");
    assertThat(lb2.status(POOL, s1.lbName())).isEqualTo("MAINT");

    ReconcileReport report = driver.reconcile(heldOut);
    System.out.println("reconcile after restart: " + report);
    assertThat(report.errors()).isEmpty();
    assertThat(report.fixed()).extracting(ReconcileFix::lb, ReconcileFix::serverId, ReconcileFix::desired,
            ReconcileFix::found)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(lb1.tcpSocket(), s1.id(), AdminState.MAINT, 0),
            org.assertj.core.groups.Tuple.tuple(lb1.tcpSocket(), s2.id(), AdminState.DRAIN, 0));
    awaitOnBoth(s1, "MAINT");
    awaitOnBoth(s2, "DRAIN");
    assertThat(driver.reconcile(heldOut).fixed()).as("a second reconcile has nothing to fix").isEmpty();
  }
}
