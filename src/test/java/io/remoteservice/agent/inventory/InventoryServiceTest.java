package io.remoteservice.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.config.RsaProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryServiceTest {

  @TempDir
  Path dir;
  Path file;

  static final String ONE_SERVER = """
      ssh: { user: maint, identity: key, knownHosts: key }
      customers: [ { id: acme } ]
      pools: [ { id: p, customer: acme, driver: none } ]
      servers: [ { id: a, pool: p, host: h1 } ]
      """;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("key"), "x");
    file = dir.resolve("inventory.yaml");
  }

  static RsaProperties properties(Path inventory) {
    return new RsaProperties(inventory, Path.of("jobs"), new RsaProperties.Admin(null, null),
        new RsaProperties.History(java.time.Duration.ofDays(3650)),
        new RsaProperties.Timers(null, null, null, null));
  }

  void touch(Instant when) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(when));
  }

  @Test
  void withoutAnInventoryTheAgentStartsEmpty() {
    InventoryService service = new InventoryService(properties(null));
    assertThat(service.current().servers()).isEmpty();
    assertThat(service.reload()).isEmpty();
  }

  @Test
  void anInvalidInventoryStopsStartUpListingTheProblems() throws Exception {
    Files.writeString(file, ONE_SERVER.replace("driver: none", "driver: nginx"));
    assertThatThrownBy(() -> new InventoryService(properties(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("pool 'p', field driver: unknown driver 'nginx'");
  }

  @Test
  void aFailedReloadKeepsTheLastGoodInventory() throws Exception {
    Files.writeString(file, ONE_SERVER);
    touch(Instant.parse("2026-01-01T00:00:00Z"));
    InventoryService service = new InventoryService(properties(file));
    assertThat(service.current().server("a")).isPresent();

    Files.writeString(file, ONE_SERVER.replace("pool: p, host: h1", "pool: q, host: h1"));
    touch(Instant.parse("2026-01-01T00:01:00Z"));
    service.reloadIfChanged();
    assertThat(service.current().server("a")).isPresent();
    assertThat(service.lastProblems()).singleElement().extracting(Problem::field).isEqualTo("pool");

    Files.writeString(file, ONE_SERVER.replace("servers: [ { id: a,", "servers: [ { id: b, pool: p, host: h2 }, { id: a,"));
    touch(Instant.parse("2026-01-01T00:02:00Z"));
    service.reloadIfChanged();
    assertThat(service.current().servers()).extracting(Server::id).containsExactly("b", "a");
    assertThat(service.lastProblems()).isEmpty();
  }

  @Test
  void anUnchangedFileIsNotReadAgain() throws Exception {
    Files.writeString(file, ONE_SERVER);
    touch(Instant.parse("2026-01-01T00:00:00Z"));
    InventoryService service = new InventoryService(properties(file));
    Inventory first = service.current();
    Files.writeString(file, ONE_SERVER.replace("h1", "h9"));
    touch(Instant.parse("2026-01-01T00:00:00Z"));
    service.reloadIfChanged();
    assertThat(service.current()).isSameAs(first);
    assertThat(service.reload()).isEmpty();
    assertThat(service.current().server("a").orElseThrow().host()).isEqualTo("h9");
  }
}
