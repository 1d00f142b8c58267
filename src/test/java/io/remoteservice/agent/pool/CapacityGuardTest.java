package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.Inventory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The capacity rules on an in-memory H2 database (the concurrency test on PostgreSQL is an IT). */
class CapacityGuardTest {

  @TempDir
  Path dir;
  CapacityGuard guard;
  Inventory inventory;

  @BeforeEach
  void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    inventory = TestInventories.load(dir, """
        pools:
          - { id: web, customer: acme, driver: none, capacity: { maxUnavailable: "50%", minAvailable: 2 } }
          - { id: app, customer: acme, driver: none, capacity: { maxUnavailable: 1 } }
        servers:
          - { id: w1, pool: web, host: h1 }
          - { id: w2, pool: web, host: h2 }
          - { id: w3, pool: web, host: h3 }
          - { id: w4, pool: web, host: h4 }
          - { id: w5, pool: web, host: h5 }
          - { id: a1, pool: app, host: h6 }
          - { id: a2, pool: app, host: h7 }
        """);
    guard = new CapacityGuard(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), () -> inventory,
        new PoolDrivers(), Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void grantsWithinMaxUnavailableAndNoMore() {
    // 50% of 5 is 2 (rounded down); minAvailable 2 would allow 3.
    assertThat(guard.acquire("w1", "p1", Set.of()).granted()).isTrue();
    LeaseDecision second = guard.acquire("w2", "p2", Set.of());
    assertThat(second.granted()).isTrue();
    assertThat(second.unavailableAfter()).isEqualTo(2);
    LeaseDecision third = guard.acquire("w3", "p3", Set.of());
    assertThat(third.granted()).isFalse();
    assertThat(third.reason()).contains("3 of 5").contains("maxUnavailable 50% allows 2");
    assertThat(guard.leases("web")).extracting(Lease::serverId).containsExactly("w1", "w2");
  }

  @Test
  void serversTheBalancerReportsDownCount() {
    LeaseDecision d = guard.acquire("w1", "p1", Set.of("w4", "w5", "a1"));
    assertThat(d.granted()).isFalse();
    assertThat(d.unavailableBefore()).isEqualTo(2);
    assertThat(d.reason()).contains("[w4, w5]");
    // The server itself being down already does not count twice.
    assertThat(guard.acquire("w1", "p1", Set.of("w1", "w5")).granted()).isTrue();
  }

  @Test
  void minAvailableIsKept() {
    inventory = TestInventories.load(dir, """
        pools: [ { id: web, customer: acme, driver: none, capacity: { maxUnavailable: 5, minAvailable: 3 } } ]
        servers:
          - { id: w1, pool: web, host: h1 }
          - { id: w2, pool: web, host: h2 }
          - { id: w3, pool: web, host: h3 }
          - { id: w4, pool: web, host: h4 }
        """);
    assertThat(guard.acquire("w1", "p1", Set.of()).granted()).isTrue();
    LeaseDecision d = guard.acquire("w2", "p2", Set.of());
    assertThat(d.granted()).isFalse();
    assertThat(d.reason()).contains("leave 2 of 4 servers in service; minAvailable is 3");
  }

  @Test
  void acquiringIsIdempotentPerOwnerAndExclusivePerServer() {
    LeaseDecision first = guard.acquire("a1", "p1", Set.of());
    LeaseDecision again = guard.acquire("a1", "p1", Set.of());
    assertThat(again.granted()).isTrue();
    assertThat(again.lease()).isEqualTo(first.lease());
    assertThat(again.reason()).isEqualTo("already held by this owner");
    LeaseDecision other = guard.acquire("a1", "p2", Set.of());
    assertThat(other.granted()).isFalse();
    assertThat(other.reason()).isEqualTo("a1 is already held out by p1");
    assertThat(guard.leases("app")).hasSize(1);
  }

  @Test
  void releaseTransferAndReleaseAll() {
    guard.acquire("w1", "p1", Set.of());
    guard.acquire("a1", "p1", Set.of());
    assertThat(guard.release("w1", "someone-else")).isFalse();
    assertThat(guard.transfer("a1", "p1", "follow-up")).isTrue();
    assertThat(guard.transfer("a1", "p1", "x")).isFalse();
    assertThat(guard.acquire("a2", "p9", Set.of()).granted()).isFalse();
    assertThat(guard.leases("app")).singleElement().extracting(Lease::owner).isEqualTo("follow-up");
    assertThat(guard.releaseAll("p1")).isEqualTo(1);
    assertThat(guard.release("a1", "follow-up")).isTrue();
    assertThat(guard.leases()).isEmpty();
    assertThat(guard.acquire("a2", "p9", Set.of()).granted()).isTrue();
  }

  @Test
  void cleanupReleasesLeasesOfOwnersThatAreGone() {
    guard.acquire("w1", "dead", Set.of());
    guard.acquire("w2", "alive", Set.of());
    guard.acquire("a1", "dead", Set.of());
    assertThat(guard.cleanup(Set.of("alive"), Instant.parse("2026-11-23T02:00:00Z"))).isEmpty();
    assertThat(guard.cleanup(Set.of("alive"), Instant.parse("2026-11-23T04:00:00Z")))
        .extracting(Lease::serverId).containsExactlyInAnyOrder("w1", "a1");
    assertThat(guard.leases()).extracting(Lease::owner).containsExactly("alive");
  }

  @Test
  void badRequestsAreClearErrors() {
    assertThatThrownBy(() -> guard.acquire("zz", "p1", Set.of())).hasMessage("server 'zz' is not in the inventory");
    assertThatThrownBy(() -> guard.acquire("w1", " ", Set.of())).hasMessageContaining("needs an owner");
  }
}
