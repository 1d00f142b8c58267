package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.pool.DrainCheck.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainStepTest {

  @TempDir
  Path dir;
  Inventory inventory;
  final List<String> calls = new ArrayList<>();
  final AtomicInteger lbSessions = new AtomicInteger();
  final Instant start = Instant.parse("2026-11-23T03:00:00Z");
  Clock clock = Clock.fixed(start.plusSeconds(60), ZoneOffset.UTC);

  /** Records calls in order; sessions come from a counter the test sets. */
  final PoolDriver fake = new PoolDriver() {
    public ActionResult drain(Server s) { throw new AssertionError(); }
    public ActionResult disable(Server s) { throw new AssertionError(); }
    public ActionResult enable(Server s) { throw new AssertionError(); }
    public ActionResult clearSticky(Server s) {
      calls.add("clearSticky " + s.id());
      return ActionResult.done("cleared", List.of("1 entry still in use"));
    }
    public SessionCount sessions(Server s) {
      calls.add("sessions " + s.id());
      return new SessionCount(lbSessions.get(), "fake");
    }
    public ServerState state(Server s) { throw new AssertionError(); }
  };

  final PoolDrivers drivers = new PoolDrivers() {
    @Override
    public PoolDriver forPool(Pool pool) {
      return pool.driver() == io.remoteservice.agent.inventory.DriverType.MANUAL ? super.forPool(pool) : fake;
    }
  };

  @BeforeEach
  void setUp() {
    inventory = TestInventories.load(dir, """
        pools:
          - id: portal
            customer: acme
            driver: haproxy
            haproxy: { sockets: ["tcp:127.0.0.1:1"], backend: be }
            drain: { timeout: PT10M, onTimeout: proceed, sessionsOnServer: true }
          - id: gui
            customer: acme
            driver: manual
            manual: { console: "https://lb", instructions: "click" }
        servers:
          - { id: ts01, pool: portal, host: 127.0.0.1, lbName: ts01 }
          - { id: ts02, pool: portal, host: 127.0.0.2, lbName: ts02 }
          - { id: g01, pool: gui, host: 127.0.0.3, lbName: g01 }
        """);
  }

  DrainStep step() {
    return new DrainStep(drivers, () -> inventory, clock);
  }

  @Test
  void eachRoundClearsStickyEntriesFirstThenCounts() {
    lbSessions.set(2);
    DrainPolicy policy = step().effectivePolicy("ts01", null, null);
    DrainCheck c = step().check("ts01", policy, start, s -> 0);
    assertThat(calls).containsExactly("clearSticky ts01", "sessions ts01");
    assertThat(c.outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(c.lbSessions()).isEqualTo(2);
    assertThat(c.serverUsers()).isZero();
    assertThat(c.elapsed()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.notes()).containsExactly("1 entry still in use");
  }

  @Test
  void drainedNeedsNoSessionsOnTheBalancerAndNoUsersOnTheServer() {
    DrainPolicy policy = step().effectivePolicy("ts01", null, null);
    assertThat(step().check("ts01", policy, start, s -> 1).outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(step().check("ts01", policy, start, s -> 0).outcome()).isEqualTo(Outcome.DRAINED);
    assertThatThrownBy(() -> step().check("ts01", policy, start, null))
        .hasMessageContaining("sessionsOnServer");
  }

  @Test
  void theJobsTimeoutAndPolicyWin() {
    lbSessions.set(1);
    clock = Clock.fixed(start.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    assertThat(step().check("ts01", step().effectivePolicy("ts01", null, null), start, s -> 0))
        .extracting(DrainCheck::outcome, DrainCheck::onTimeout)
        .containsExactly(Outcome.TIMED_OUT, DrainPolicy.OnTimeout.PROCEED);
    DrainPolicy job = step().effectivePolicy("ts01", Duration.ofMinutes(30), DrainPolicy.OnTimeout.ABORT);
    assertThat(step().check("ts01", job, start, s -> 0).outcome()).isEqualTo(Outcome.NOT_YET);
    clock = Clock.fixed(start.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    assertThat(step().check("ts01", job, start, s -> 0))
        .extracting(DrainCheck::outcome, DrainCheck::onTimeout)
        .containsExactly(Outcome.TIMED_OUT, DrainPolicy.OnTimeout.ABORT);
  }

  @Test
  void aGuiOnlyPoolAsksAPerson() {
    DrainCheck c = step().check("g01", step().effectivePolicy("g01", null, null), start, null);
    assertThat(c.outcome()).isEqualTo(Outcome.PERSON_MUST_ACT);
    assertThat(c.step().console()).isEqualTo("https://lb");
  }

  @Test
  void anUnknownServerIsAClearError() {
    assertThatThrownBy(() -> step().effectivePolicy("nope", null, null))
        .hasMessage("server 'nope' is not in the inventory");
  }
}
