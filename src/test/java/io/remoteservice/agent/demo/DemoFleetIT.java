package io.remoteservice.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.TestFiles;
import io.remoteservice.agent.inventory.DriverType;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.remote.ExecResult;
import io.remoteservice.agent.remote.RemoteSession;
import io.remoteservice.agent.remote.RemoteShell;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo profile's fleet on its own (no agent): what it starts, what it keeps, what its inventory says,
 * and that its broken server really breaks the example jobs.
 */
class DemoFleetIT {

  @TempDir Path dir;

  static DemoProperties settings(Path dir, DemoProperties.LoadBalancer lb) {
    return new DemoProperties(dir, "127.0.40", 0, lb, 2);
  }

  @Test
  void twelveServersOfTwoCustomersInTwoPoolsBehindHaproxyEachOnItsOwnAddress() throws Exception {
    try (DemoFleet fleet = DemoFleet.start(settings(dir, DemoProperties.LoadBalancer.HAPROXY))) {
      Inventory inventory = new InventoryLoader().load(fleet.inventory());
      assertThat(inventory.customers()).hasSize(2);
      assertThat(inventory.pools()).extracting(Pool::id).containsExactly("sw-portal", "kb-terminals");
      assertThat(inventory.pools()).extracting(Pool::customer).containsExactly("stadtwerke", "kanzlei");
      assertThat(inventory.pools()).allSatisfy(p -> assertThat(p.driver()).isEqualTo(DriverType.HAPROXY));
      assertThat(inventory.servers()).hasSize(12);
      Set<String> hosts = new HashSet<>();
      for (Server s : inventory.servers()) {
        hosts.add(s.host());
        assertThat(s.host()).startsWith("127.0.40.");
        Path home = dir.toAbsolutePath().resolve("servers").resolve(s.id());
        assertThat(Path.of(s.runRoot())).isEqualTo(home.resolve("run")).isDirectory();
        // Over SSH, as the agent logs in: strict host keys, the generated key; the server knows its address.
        String who = exec(fleet, s.host(), "echo \"$SSH_CONNECTION\"; pwd");
        assertThat(who.lines().toList()).as(s.id()).hasSize(2)
            .satisfies(l -> assertThat(l.get(0)).endsWith(" " + s.host() + " " + fleet.sshd().port()))
            .satisfies(l -> assertThat(l.get(1)).isEqualTo(home.toString()));
      }
      assertThat(hosts).hasSize(12);

      // Users of a pool reach its servers through HAProxy (round robin over distinct sources).
      HttpClient http = HttpClient.newHttpClient();
      var frontend = fleet.frontend("sw-portal").orElseThrow();
      String answer = http.send(HttpRequest.newBuilder(URI.create("http://" + frontend.getHostString() + ":"
          + frontend.getPort() + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(answer.strip()).startsWith("sw-portal-");
      assertThat(fleet.summary()).contains("pool sw-portal", "pool kb-terminals", "HAProxy", DemoFleet.BROKEN,
          "ssh -i ", "users: 2 per pool");
      // The pools' users come and go: sessions on servers of both pools.
      await("the demo's users have sessions in both pools").atMost(Duration.ofSeconds(20))
          .until(() -> fleet.userSessions().keySet().stream().map(id -> id.substring(0, 3)).distinct().count() == 2);
    }
    assertThat(ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(dir.toString())))
        .as("HAProxy stopped with the fleet").isEmpty();
  }

  @Test
  void keysAreMadeOnFirstStartAndKeptAfterwardsServerFilesToo() throws Exception {
    String userKey;
    List<String> hostKeys;
    try (DemoFleet fleet = DemoFleet.start(settings(dir, DemoProperties.LoadBalancer.MANUAL))) {
      userKey = Files.readString(dir.resolve("keys/id_ed25519"));
      hostKeys = hostKeyLines(fleet);
      assertThat(Set.copyOf(hostKeys)).as("a host key per server").hasSize(12);
      exec(fleet, "127.0.40.2", "echo changed-by-a-job > etc/portal/portal.conf");
    }
    try (DemoFleet again = DemoFleet.start(settings(dir, DemoProperties.LoadBalancer.MANUAL))) {
      assertThat(Files.readString(dir.resolve("keys/id_ed25519"))).isEqualTo(userKey);
      assertThat(hostKeyLines(again)).isEqualTo(hostKeys);
      assertThat(dir.resolve("servers/sw-portal-02/etc/portal/portal.conf")).content()
          .isEqualTo("changed-by-a-job\n");
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("keys/id_ed25519")))
        .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  private static List<String> hostKeyLines(DemoFleet fleet) throws Exception {
    return Files.readAllLines(fleet.sshd().knownHosts()).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
  }

  @Test
  void withoutHaproxyThePoolsUseTheManualDriver() throws Exception {
    try (DemoFleet fleet = DemoFleet.start(settings(dir, DemoProperties.LoadBalancer.MANUAL))) {
      Inventory inventory = new InventoryLoader().load(fleet.inventory());
      assertThat(inventory.pools()).allSatisfy(p -> {
        assertThat(p.driver()).isEqualTo(DriverType.MANUAL);
        assertThat(p.manual().instructions()).contains("no HAProxy");
      });
      assertThat(fleet.balanced()).isFalse();
      assertThat(fleet.frontend("sw-portal")).isEmpty();
      assertThat(fleet.summary()).contains("load balancer: manual");
    }
  }

  @Test
  void theExampleJobsFailOnTheBrokenServerAndRevertThereButNotElsewhere() throws Exception {
    try (DemoFleet fleet = DemoFleet.start(settings(dir, DemoProperties.LoadBalancer.MANUAL))) {
      Inventory inventory = new InventoryLoader().load(fleet.inventory());
      Server broken = inventory.server(DemoFleet.BROKEN).orElseThrow();
      Server healthy = inventory.server("sw-portal-01").orElseThrow();
      Path conf = Path.of(broken.vars().get("portal_config"));
      String before = Files.readString(conf);

      Result auto = run(fleet, broken, "update-portal-config", "AutoAction.sh", "run-1");
      assertThat(auto.exit()).as(auto.output()).isEqualTo(1);
      assertThat(auto.output()).contains("RSA-RESULT: FAILURE marker file", "after-replace");
      assertThat(Files.readString(conf)).as("replaced before the failure").isNotEqualTo(before);
      Result revert = run(fleet, broken, "update-portal-config", "FailureRevert.sh", "run-1");
      assertThat(revert.exit()).as(revert.output()).isZero();
      assertThat(Files.readString(conf)).as("FailureRevert put the old one back").isEqualTo(before);

      Result rotate = run(fleet, broken, "rotate-logs", "AutoAction.debian.sh", "run-2");
      assertThat(rotate.exit()).isEqualTo(1);
      assertThat(rotate.output()).contains("log directory", "does not exist");

      assertThat(run(fleet, healthy, "update-portal-config", "AutoAction.sh", "run-3").output())
          .contains("RSA-RESULT: SUCCESS");
      assertThat(run(fleet, healthy, "rotate-logs", "AutoAction.debian.sh", "run-4").output())
          .contains("rotated 2 log(s)", "RSA-RESULT: SUCCESS");
    }
  }

  record Result(int exit, String output) {}

  /** Copies a job package into a run directory of the server and runs one of its programs there over SSH. */
  private static Result run(DemoFleet fleet, Server server, String job, String program, String runId) {
    Path runDir = TestFiles.copyTree(Path.of("jobs", job), Path.of(server.runRoot()).resolve(runId));
    StringBuilder env = new StringBuilder("RSA_RUN_DIR=" + runDir);
    for (Map.Entry<String, String> v : server.vars().entrySet()) {
      env.append(" RSA_PARAM_").append(v.getKey().toUpperCase()).append("='").append(v.getValue()).append('\'');
    }
    return execWithExit(fleet, server.host(), "cd " + runDir + " && " + env + " ./" + program + " 2>&1");
  }

  private static String exec(DemoFleet fleet, String host, String command) {
    Result r = execWithExit(fleet, host, command);
    assertThat(r.exit()).as(command + ": " + r.output()).isZero();
    return r.output();
  }

  /** Over SSH as the agent logs in: its own client, the inventory's key and known_hosts, strict host keys. */
  private static Result execWithExit(DemoFleet fleet, String host, String command) {
    try (RemoteSession session = new RemoteShell().open(fleet.sshSettings(host))) {
      ExecResult r = session.exec(command);
      return new Result(r.exitCode(), r.stdoutText());
    }
  }

  @Test
  void settingsOutsideLoopbackAreRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> new DemoProperties(dir, "10.0.40", 0, DemoProperties.LoadBalancer.AUTO, 4))
        .hasMessageContaining("rsa.demo.network").hasMessageContaining("127.0.0.0/8");
    assertThatThrownBy(() -> new DemoProperties(dir, "127.0.40", 70000, DemoProperties.LoadBalancer.AUTO, 4))
        .hasMessageContaining("rsa.demo.ssh-port");
  }
}
