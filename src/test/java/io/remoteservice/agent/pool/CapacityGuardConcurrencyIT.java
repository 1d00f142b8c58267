package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.TestDatabase;
import io.remoteservice.agent.inventory.Inventory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The capacity guard under concurrent requests on PostgreSQL (the fleet's database for this class, the
 * agent's own Flyway migration): no grant ever takes a pool beyond maxUnavailable or below minAvailable.
 * Two guards share the database, as two agent nodes would.
 */
@ExtendWith(FleetExtension.class)
class CapacityGuardConcurrencyIT {

  /** Pool "web": 12 servers, 25% = 3 may be out (maxUnavailable binds). */
  static final int WEB_SIZE = 12;
  static final int WEB_ALLOWED = 3;
  /** Pool "app": 6 servers, minAvailable 4 binds (2 out), and app-06 is DOWN on its load balancer. */
  static final int APP_SIZE = 6;
  static final int APP_ALLOWED_BY_AGENT = 1;
  static final Set<String> APP_DOWN = Set.of("app-06");

  static HikariDataSource dataSource;
  static JdbcTemplate jdbc;
  @TempDir
  static Path dir;
  static Inventory inventory;
  static CapacityGuard node1;
  static CapacityGuard node2;

  @BeforeAll
  static void database(Fleet fleet) {
    TestDatabase db = fleet.postgres(CapacityGuardConcurrencyIT.class);
    assertThat(db.kind()).isEqualTo("postgres");
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(db.url());
    dataSource.setUsername(db.user());
    dataSource.setPassword(db.password());
    dataSource.setMaximumPoolSize(20);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    StringBuilder servers = new StringBuilder("servers:\n");
    for (int i = 1; i <= WEB_SIZE; i++) {
      servers.append("  - { id: web-%02d, pool: web, host: 10.0.1.%d }\n".formatted(i, i));
    }
    for (int i = 1; i <= APP_SIZE; i++) {
      servers.append("  - { id: app-%02d, pool: app, host: 10.0.2.%d }\n".formatted(i, i));
    }
    inventory = TestInventories.load(dir, """
        pools:
          - { id: web, customer: acme, driver: none, capacity: { maxUnavailable: "25%", minAvailable: 2 } }
          - { id: app, customer: acme, driver: none, capacity: { maxUnavailable: 5, minAvailable: 4 } }
        """ + servers);
    // Two guards with their own transaction managers on one database: two agent nodes.
    node1 = new CapacityGuard(jdbc, new DataSourceTransactionManager(dataSource), () -> inventory, new PoolDrivers(),
        Clock.systemUTC());
    node2 = new CapacityGuard(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource),
        () -> inventory, new PoolDrivers(), Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @BeforeEach
  void noLeases() {
    jdbc.update("DELETE FROM rsa_capacity_lease");
  }

  static int leased(String pool) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM rsa_capacity_lease WHERE pool_id = ?", Integer.class, pool);
  }

  /** Checks one grant against the committed state; returns 1 for a violation. */
  static int violation(String pool, LeaseDecision d) {
    int size = pool.equals("web") ? WEB_SIZE : APP_SIZE;
    int downForOtherReasons = pool.equals("web") ? 0 : APP_DOWN.size();
    int unavailable = leased(pool) + downForOtherReasons;
    boolean ok = d.unavailableAfter() <= d.maxUnavailable() && size - d.unavailableAfter() >= d.minAvailable()
        && unavailable <= d.maxUnavailable() && size - unavailable >= d.minAvailable();
    if (!ok) {
      System.out.println("VIOLATION in pool " + pool + ": " + d + ", committed unavailable " + unavailable);
    }
    return ok ? 0 : 1;
  }

  @Test
  void fiftyConcurrentRequestsNeverExceedTheLimits() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger violations = new AtomicInteger();
    List<Future<LeaseDecision>> futures = new ArrayList<>();
    List<String> grants = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 50; i++) {
      boolean web = i % 2 == 0;
      String poolId = web ? "web" : "app";
      // Several requests aim at the same server from different owners.
      String server = web ? "web-%02d".formatted(i / 2 % WEB_SIZE + 1) : "app-%02d".formatted(i / 2 % (APP_SIZE - 1) + 1);
      String owner = "process-" + i;
      CapacityGuard node = i % 4 < 2 ? node1 : node2;
      futures.add(pool.submit((Callable<LeaseDecision>) () -> {
        go.await();
        LeaseDecision d = node.acquire(server, owner, web ? Set.of() : APP_DOWN);
        if (d.granted()) {
          violations.addAndGet(violation(poolId, d));
          grants.add(server + " to " + owner);
        }
        return d;
      }));
    }
    go.countDown();
    int granted = 0;
    for (Future<LeaseDecision> f : futures) {
      if (f.get(60, TimeUnit.SECONDS).granted()) {
        granted++;
      }
    }
    pool.shutdown();
    System.out.println("capacity guard, 50 concurrent requests on PostgreSQL: granted " + granted + " " + grants
        + "; web leased " + leased("web") + " (limit " + WEB_ALLOWED + "), app leased " + leased("app")
        + " + 1 down (limit " + (APP_ALLOWED_BY_AGENT + 1) + " unavailable); violations " + violations.get());
    assertThat(violations.get()).isZero();
    assertThat(leased("web")).isEqualTo(WEB_ALLOWED);
    assertThat(leased("app")).isEqualTo(APP_ALLOWED_BY_AGENT);
    assertThat(granted).isEqualTo(WEB_ALLOWED + APP_ALLOWED_BY_AGENT);
  }

  @Test
  void churnOfAcquireAndReleaseNeverExceedsTheLimits() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger grants = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      String owner = "churn-" + t;
      CapacityGuard node = t % 2 == 0 ? node1 : node2;
      futures.add(pool.submit(() -> {
        go.await();
        for (int round = 0; round < 10; round++) {
          boolean web = ThreadLocalRandom.current().nextBoolean();
          String server = web ? "web-%02d".formatted(ThreadLocalRandom.current().nextInt(WEB_SIZE) + 1)
              : "app-%02d".formatted(ThreadLocalRandom.current().nextInt(APP_SIZE - 1) + 1);
          LeaseDecision d = node.acquire(server, owner, web ? Set.of() : APP_DOWN);
          if (d.granted()) {
            grants.incrementAndGet();
            violations.addAndGet(violation(web ? "web" : "app", d));
            node.release(server, owner);
          } else {
            refusals.incrementAndGet();
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    System.out.println("capacity guard churn, 50 threads x 10 rounds on PostgreSQL: " + grants.get() + " grants, "
        + refusals.get() + " refusals, violations " + violations.get());
    assertThat(violations.get()).isZero();
    assertThat(grants.get()).isPositive();
    assertThat(node1.leases()).isEmpty();
  }
}
