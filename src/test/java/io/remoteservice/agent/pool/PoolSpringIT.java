package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.config.RsaProperties;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * The pool beans wired by Spring as the agent wires them (rsa.inventory, Flyway on the class's PostgreSQL
 * database), without the engine: the inventory loads from the property, the guard asks the real HAProxy
 * which servers are down before it grants, and a broken reload keeps the last good inventory.
 */
@ExtendWith(FleetExtension.class)
@SpringJUnitConfig(classes = {InventoryService.class, PoolDrivers.class, DrainStep.class, CapacityGuard.class})
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class})
@EnableConfigurationProperties(RsaProperties.class)
class PoolSpringIT {

  static RealSite site;
  static Path inventoryFile;

  @DynamicPropertySource
  static void fleet(DynamicPropertyRegistry registry) {
    site = Fleet.shared().real(Layout.of(PoolSpec.haproxy("portal", 3).capacity("2", 1)));
    try {
      inventoryFile = Files.copy(site.inventory(), site.root().resolve("agent-inventory.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("rsa.inventory", inventoryFile::toString);
    Fleet.shared().postgres(PoolSpringIT.class).registerIn(registry);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Autowired
  InventoryService inventory;
  @Autowired
  CapacityGuard guard;
  @Autowired
  DrainStep drainStep;

  @Test
  void theGuardCountsServersHaproxyReportsDownAndAReloadThatFailsKeepsTheInventory() throws Exception {
    assertThat(inventory.current().serversOf("portal")).hasSize(3);
    FleetServer s1 = site.server("portal-01");
    FleetServer s2 = site.server("portal-02");
    FleetServer s3 = site.server("portal-03");
    s3.backend().healthy(false);
    try {
      site.haproxy().awaitStatus("portal", s3.lbName(), "DOWN");
      LeaseDecision first = guard.acquire(s1.id(), "process-1");
      assertThat(first.granted()).isTrue();
      assertThat(first.unavailableAfter()).isEqualTo(2);
      LeaseDecision second = guard.acquire(s2.id(), "process-2");
      System.out.println("with portal-03 DOWN: " + first.reason() + " / " + second.reason());
      assertThat(second.granted()).isFalse();
      assertThat(second.reason()).contains("3 of 3").contains("[portal-01, portal-03]");
    } finally {
      s3.backend().healthy(true);
      guard.releaseAll("process-1");
    }

    String good = Files.readString(inventoryFile);
    Files.writeString(inventoryFile, good.replace("pools:", "colour: red\npools:"));
    List<Problem> problems = inventory.reload();
    System.out.println("reload problems: " + problems);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.entry()).isEqualTo("top level");
      assertThat(p.field()).isEqualTo("colour");
    });
    assertThat(inventory.current().serversOf("portal")).hasSize(3);
    assertThat(drainStep.effectivePolicy(s1.id(), null, null).timeout()).isEqualTo(java.time.Duration.ofMinutes(1));
  }
}
