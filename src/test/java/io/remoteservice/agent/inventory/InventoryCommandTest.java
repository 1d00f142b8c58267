package io.remoteservice.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {

  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validFileExitsZeroWithASummary() throws Exception {
    Files.writeString(dir.resolve("k"), "x");
    Path file = Files.writeString(dir.resolve("inv.yaml"), """
        ssh: { user: maint, identity: k, knownHosts: k }
        customers: [ { id: acme } ]
        pools: [ { id: p, customer: acme, driver: none, capacity: { maxUnavailable: "50%" } } ]
        servers: [ { id: a, pool: p, host: h1 }, { id: b, pool: p, host: h2 } ]
        """);
    assertThat(run("inventory", "check", file.toString())).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("is valid: 1 customers, 1 pools, 2 servers")
        .contains("pool p (customer acme, driver none): 2 servers, maxUnavailable 50% (= 1)")
        .doesNotContain("warning");
  }

  @Test
  void aPoolThatCanNeverBeMaintainedIsValidButWarned() throws Exception {
    Files.writeString(dir.resolve("k"), "x");
    Path file = Files.writeString(dir.resolve("inv.yaml"), """
        ssh: { user: maint, identity: k, knownHosts: k }
        customers: [ { id: acme } ]
        pools: [ { id: p, customer: acme, driver: none, capacity: { maxUnavailable: "25%" } } ]
        servers: [ { id: a, pool: p, host: h1 }, { id: b, pool: p, host: h2 } ]
        """);
    assertThat(run("inventory", "check", file.toString())).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("warning: pool p: with 2 servers, maxUnavailable 25%"
        + " and minAvailable 0 allow no server to be taken out");
  }

  @Test
  void invalidFileExitsTwoListingEveryProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("inv.yaml"), """
        pools: [ { id: p, customer: nobody, driver: none, capacity: { maxUnavailable: many } } ]
        """);
    assertThat(run("inventory", "check", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("2 problems")
        .contains("pool 'p', field customer: unknown customer 'nobody'")
        .contains("pool 'p', field capacity.maxUnavailable");
  }

  @Test
  void usageAndMissingFileExitOne() {
    assertThat(run("inventory")).isEqualTo(1);
    assertThat(run("inventory", "check", dir.resolve("none.yaml").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: inventory check FILE").contains("does not exist");
  }
}
