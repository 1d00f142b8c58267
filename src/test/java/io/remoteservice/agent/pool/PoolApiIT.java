package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.zaxxer.hikari.HikariDataSource;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealHaproxy;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.fleet.StickyClient.HeldSession;
import io.remoteservice.agent.fleet.TestDatabase;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import java.time.Clock;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** {@code GET /api/pools[/{id}]} shows what the fleet's real HAProxy reports, with the pool's leases. */
@ExtendWith(FleetExtension.class)
class PoolApiIT {

  static RealSite site;
  static RealHaproxy lb;
  static HikariDataSource dataSource;
  static MockMvc mvc;
  static CapacityGuard guard;

  @BeforeAll
  static void start(Fleet fleet) throws Exception {
    site = fleet.real(Layout.of(PoolSpec.haproxy("portal", 3).capacity("2", 1), PoolSpec.none("batch", 1)));
    lb = site.haproxy();
    TestDatabase db = fleet.postgres(PoolApiIT.class);
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(db.url());
    dataSource.setUsername(db.user());
    dataSource.setPassword(db.password());
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    Inventory inventory = new InventoryLoader().load(site.inventory());
    guard = new CapacityGuard(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource),
        () -> inventory, new PoolDrivers(), Clock.systemUTC());
    mvc = MockMvcBuilders.standaloneSetup(new PoolController(() -> inventory, new PoolDrivers(), guard)).build();
  }

  @AfterAll
  static void stop() {
    dataSource.close();
    site.close();
  }

  @Test
  void aPoolShowsTheLiveStateHaproxyReportsItsLeasesAndNoKeyMaterial() throws Exception {
    FleetServer s1 = site.server("portal-01");
    FleetServer s2 = site.server("portal-02");
    FleetServer s3 = site.server("portal-03");
    assertThat(lb.command("set server be_portal/portal-01 state drain")).isEmpty();
    lb.awaitStatus("portal", s1.lbName(), "DRAIN");
    s3.backend().healthy(false);
    lb.awaitStatus("portal", s3.lbName(), "DOWN");
    assertThat(guard.acquire(s1.id(), "process-42", Set.of()).granted()).isTrue();
    try (HeldSession session = lb.clientOn(s2).hold()) {
      String json = mvc.perform(get("/api/pools/portal"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.id").value("portal"))
          .andExpect(jsonPath("$.customer").value("acme"))
          .andExpect(jsonPath("$.driver").value("haproxy"))
          .andExpect(jsonPath("$.capacity.maxUnavailable").value("2"))
          .andExpect(jsonPath("$.capacity.minAvailable").value(1))
          .andExpect(jsonPath("$.capacity.servers").value(3))
          .andExpect(jsonPath("$.capacity.unavailable").value(2))
          .andExpect(jsonPath("$.leases[0].serverId").value(s1.id()))
          .andExpect(jsonPath("$.leases[0].owner").value("process-42"))
          .andExpect(jsonPath("$.servers[0].id").value(s1.id()))
          .andExpect(jsonPath("$.servers[0].status").value(lb.status("portal", s1.lbName())))
          .andExpect(jsonPath("$.servers[0].loadBalancers[0].lb").value(lb.tcpSocket()))
          .andExpect(jsonPath("$.servers[0].loadBalancers[0].rawStatus").value("DRAIN"))
          .andExpect(jsonPath("$.servers[1].status").value("UP"))
          .andExpect(jsonPath("$.servers[1].up").value(true))
          .andExpect(jsonPath("$.servers[1].sessions").value(lb.sessions("portal", s2.lbName())))
          .andExpect(jsonPath("$.servers[1].sessions").value(1))
          .andExpect(jsonPath("$.servers[2].status").value("DOWN"))
          .andExpect(jsonPath("$.servers[2].host").value(s3.host()))
          .andReturn().getResponse().getContentAsString();
      System.out.println("GET /api/pools/portal -> " + json);
      assertThat(json).doesNotContain("identity", "knownHosts", "ssh", site.ssh().identity().toString());
    } finally {
      s3.backend().healthy(true);
      lb.command("set server be_portal/portal-01 state ready");
      guard.release(s1.id(), "process-42");
    }
  }

  @Test
  void theListHasEveryPoolAndAPoolWithoutBalancerSaysSo() throws Exception {
    mvc.perform(get("/api/pools"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value("portal"))
        .andExpect(jsonPath("$[1].id").value("batch"))
        .andExpect(jsonPath("$[1].driver").value("none"))
        .andExpect(jsonPath("$[1].servers[0].status").value("NO_LB"));
  }

  @Test
  void anUnknownPoolIsA404WithAClearMessage() throws Exception {
    mvc.perform(get("/api/pools/nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.error").value("no pool 'nope' in the inventory; known pools: [portal, batch]"));
  }

  @Test
  void aBalancerThatDoesNotAnswerShowsAsAnErrorPerServer() throws Exception {
    Inventory broken = new InventoryLoader().load(site.inventoryWriter().customize(tree -> {
      @SuppressWarnings("unchecked")
      var pool = (java.util.Map<String, Object>) ((java.util.List<Object>) tree.get("pools")).get(0);
      pool.put("haproxy", java.util.Map.of("sockets", java.util.List.of("unix:/nonexistent/admin.sock"),
          "backend", "be_portal"));
    }).writeTo(site.root().resolve("broken-inventory.yaml")));
    MockMvc brokenMvc = MockMvcBuilders.standaloneSetup(new PoolController(() -> broken, new PoolDrivers(), guard))
        .build();
    brokenMvc.perform(get("/api/pools/portal"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.servers[0].status").value("UNKNOWN"))
        .andExpect(jsonPath("$.servers[0].errors[0]").value(org.hamcrest.Matchers.containsString(
            "unix:/nonexistent/admin.sock does not answer")));
  }
}
