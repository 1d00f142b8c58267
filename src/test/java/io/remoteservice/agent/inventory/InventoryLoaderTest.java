package io.remoteservice.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {

  @TempDir
  Path dir;
  Path file;

  @BeforeEach
  void keys() throws IOException {
    Files.writeString(dir.resolve("id_ed25519"), "not really a key");
    Files.writeString(dir.resolve("known_hosts"), "");
    Files.writeString(dir.resolve("other_key"), "x");
    file = dir.resolve("inventory.yaml");
  }

  static final String VALID = """
      ssh: { user: maint, port: 22, identity: id_ed25519, knownHosts: known_hosts }
      vars: { a: global, b: global, c: global }
      customers:
        - id: acme
          name: ACME GmbH
          contacts: [it-admin@acme.example]
      pools:
        - id: portal
          customer: acme
          driver: haproxy
          haproxy: { sockets: ["tcp:127.0.0.1:9999", "unix:/run/haproxy/admin.sock"], backend: be_portal }
          capacity: { maxUnavailable: "50%", minAvailable: 1 }
          drain: { timeout: PT10M, onTimeout: proceed, sessionsOnServer: true }
          ssh: { user: pooluser, port: 2222 }
          vars: { b: pool, c: pool }
        - id: ts
          customer: acme
          driver: manual
          manual: { console: "https://lb.acme.example/pools/ts", instructions: "Pencil icon, (de)select, Save" }
        - id: batch
          customer: acme
          driver: command
          command:
            drain: [/usr/local/bin/lbctl, drain, "{lbName}"]
            disable: [/usr/local/bin/lbctl, disable, "{lbName}"]
            enable: [/usr/local/bin/lbctl, enable, "{lbName}"]
            sessions: [/usr/local/bin/lbctl, sessions, "{lbName}"]
            state: [/usr/local/bin/lbctl, state, "{lbName}", "{host}", "{pool}", "{serverId}"]
            timeout: PT5S
        - id: solo
          customer: acme
          driver: none
      servers:
        - { id: ts01, pool: portal, host: 10.1.0.11, lbName: ts01, tags: [site-a], vars: { c: server } }
        - { id: ts02, pool: portal, host: 10.1.0.12, lbName: ts02, ssh: { port: 2200, identity: other_key } }
        - { id: gui01, pool: ts, host: 10.2.0.1, lbName: GUI 01 X }
        - { id: b01, pool: batch, host: 10.3.0.1, lbName: b01, runRoot: /opt/rsa }
        - { id: solo01, pool: solo, host: 10.4.0.1 }
      """;

  Inventory load(String yaml) throws IOException {
    Files.writeString(file, yaml);
    return new InventoryLoader().load(file);
  }

  List<Problem> problems(String yaml) throws IOException {
    Files.writeString(file, yaml);
    try {
      new InventoryLoader().load(file);
    } catch (InventoryException e) {
      e.problems().forEach(p -> assertThat(p.file()).isEqualTo(file.toString()));
      return e.problems();
    }
    throw new AssertionError("expected the inventory to be invalid");
  }

  @Test
  void readsAValidInventory() throws IOException {
    Inventory inv = load(VALID.replace("lbName: GUI 01 X", "lbName: gui01"));
    assertThat(inv.customers()).extracting(Customer::id).containsExactly("acme");
    assertThat(inv.pools()).extracting(Pool::id).containsExactly("portal", "ts", "batch", "solo");
    Pool portal = inv.pool("portal").orElseThrow();
    assertThat(portal.driver()).isEqualTo(DriverType.HAPROXY);
    assertThat(portal.haproxy().sockets()).hasSize(2);
    assertThat(portal.haproxy().table()).isEqualTo("be_portal");
    assertThat(portal.haproxy().timeout()).isEqualTo(HaproxySettings.DEFAULT_TIMEOUT);
    assertThat(portal.drain()).isEqualTo(new DrainPolicy(Duration.ofMinutes(10), DrainPolicy.OnTimeout.PROCEED, true, false));
    assertThat(portal.capacity().maxUnavailable()).isEqualTo(new MaxUnavailable(50, true));
    assertThat(inv.serversOf("portal")).extracting(Server::id).containsExactly("ts01", "ts02");
    assertThat(inv.pool("batch").orElseThrow().command().verbs()).containsKeys("drain", "state")
        .doesNotContainKey("clearSticky");
    assertThat(inv.pool("solo").orElseThrow().balanced()).isFalse();
    assertThat(inv.server("solo01").orElseThrow().lbName()).isNull();
    assertThat(inv.server("b01").orElseThrow().runRoot()).isEqualTo("/opt/rsa");
    assertThat(inv.server("ts01").orElseThrow().runRoot()).isEqualTo(Server.DEFAULT_RUN_ROOT);
  }

  @Test
  void sshSettingsAreOverriddenPerPoolAndPerServer() throws IOException {
    Inventory inv = load(VALID.replace("lbName: GUI 01 X", "lbName: gui01"));
    SshSettings ts01 = inv.server("ts01").orElseThrow().ssh();
    assertThat(ts01.user()).isEqualTo("pooluser");
    assertThat(ts01.port()).isEqualTo(2222);
    assertThat(ts01.identity()).isEqualTo(dir.resolve("id_ed25519"));
    assertThat(ts01.knownHosts()).isEqualTo(dir.resolve("known_hosts"));
    SshSettings ts02 = inv.server("ts02").orElseThrow().ssh();
    assertThat(ts02.user()).isEqualTo("pooluser");
    assertThat(ts02.port()).isEqualTo(2200);
    assertThat(ts02.identity()).isEqualTo(dir.resolve("other_key"));
    SshSettings b01 = inv.server("b01").orElseThrow().ssh();
    assertThat(b01.user()).isEqualTo("maint");
    assertThat(b01.effectivePort()).isEqualTo(22);
  }

  @Test
  void varsAreMergedGlobalThenPoolThenServer() throws IOException {
    Inventory inv = load(VALID.replace("lbName: GUI 01 X", "lbName: gui01"));
    assertThat(inv.server("ts01").orElseThrow().vars()).containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of("a", "global", "b", "pool", "c", "server"));
    assertThat(inv.server("ts02").orElseThrow().vars()).containsEntry("c", "pool");
    assertThat(inv.server("b01").orElseThrow().vars()).containsEntry("b", "global");
  }

  @Test
  void reportsEveryUnknownKeyWithEntryAndField() throws IOException {
    List<Problem> problems = problems(VALID.replace("lbName: GUI 01 X", "lbName: gui01")
        .replace("capacity: { maxUnavailable: \"50%\"", "capacity: { maxUnavailble: 1, maxUnavailable: \"50%\"")
        .replace("- { id: ts01, pool: portal,", "- { id: ts01, pol: x, pool: portal,")
        .replace("vars: { a: global", "colour: blue\nvars: { a: global"));
    assertThat(problems).extracting(Problem::entry, Problem::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("pool 'portal'", "capacity.maxUnavailble"),
        org.assertj.core.groups.Tuple.tuple("server 'ts01'", "pol"),
        org.assertj.core.groups.Tuple.tuple("top level", "colour"));
    assertThat(problems.get(0).message()).contains("unknown key").contains("known keys here");
  }

  @Test
  void reportsEveryProblemOfAnInvalidFile() throws IOException {
    String yaml = """
        ssh: { user: maint, port: 70000, identity: missing_key, knownHosts: known_hosts }
        vars: { "bad-name": x }
        customers:
          - { id: acme, contacts: [not-an-address] }
          - { id: acme }
          - { id: Bad_Id }
        pools:
          - id: portal
            customer: nobody
            driver: haproxy
            haproxy: { sockets: ["tcp:127.0.0.1", "udp:x"], timeout: 5s }
            capacity: { maxUnavailable: lots, minAvailable: -1 }
            drain: { timeout: 10 minutes, onTimeout: maybe }
          - id: portal
            customer: acme
            driver: none
          - id: gui
            customer: acme
            driver: manual
            haproxy: { sockets: ["tcp:127.0.0.1:1"], backend: b }
          - id: cmd
            customer: acme
            driver: command
            command: { drain: [], enable: [lbctl, "{name}"], timeout: PT0S }
          - id: odd
            customer: acme
            driver: f5
        servers:
          - { id: s1, pool: nowhere, host: 10.0.0.1 }
          - { id: s1, pool: portal, host: 10.0.0.2 }
          - { id: s2, pool: gui, host: 10.0.0.3 }
          - { id: s3, host: "", ssh: { knownHosts: /nonexistent/known_hosts } }
        """;
    List<Problem> problems = problems(yaml);
    List<String> where = problems.stream().map(p -> p.entry() + " | " + p.field()).toList();
    assertThat(where).contains(
        "top level | ssh.port",
        "top level | ssh.identity",
        "top level | vars.bad-name",
        "customer 'acme' | contacts[0]",
        "customer 'acme' | id",
        "customer 'Bad_Id' | id",
        "pool 'portal' | customer",
        "pool 'portal' | haproxy.sockets[0]",
        "pool 'portal' | haproxy.sockets[1]",
        "pool 'portal' | haproxy.backend",
        "pool 'portal' | haproxy.timeout",
        "pool 'portal' | capacity.maxUnavailable",
        "pool 'portal' | capacity.minAvailable",
        "pool 'portal' | drain.timeout",
        "pool 'portal' | drain.onTimeout",
        "pool 'portal' | id",
        "pool 'gui' | haproxy",
        "pool 'gui' | manual",
        "pool 'cmd' | command.drain",
        "pool 'cmd' | command.enable[1]",
        "pool 'cmd' | command.disable",
        "pool 'cmd' | command.sessions",
        "pool 'cmd' | command.state",
        "pool 'cmd' | command.timeout",
        "pool 'odd' | driver",
        "server 's1' | pool",
        "server 's1' | id",
        "server 's3' | pool",
        "server 's3' | host",
        "server 's3' | ssh.knownHosts");
    assertThat(problems).filteredOn(p -> p.field().equals("capacity.maxUnavailable")).singleElement()
        .extracting(Problem::message).asString().contains("'lots' is neither a count").contains("25%");
    assertThat(problems).filteredOn(p -> p.field().equals("ssh.identity")).singleElement()
        .extracting(Problem::message).asString().contains(dir.resolve("missing_key").toString());
    assertThat(problems).filteredOn(p -> p.field().equals("drain.timeout")).singleElement()
        .extracting(Problem::message).asString().contains("ISO-8601");
    assertThat(problems.get(0).toString()).startsWith(file + ": ");
  }

  @Test
  void aBalancedPoolNeedsLbNames() throws IOException {
    List<Problem> problems = problems(VALID.replace("- { id: ts02, pool: portal, host: 10.1.0.12, lbName: ts02,",
        "- { id: ts02, pool: portal, host: 10.1.0.12,"));
    assertThat(problems).extracting(p -> p.entry() + " | " + p.field()).containsExactly("server 'ts02' | lbName");
    assertThat(problems.get(0).message()).contains("pool 'portal' is balanced");
  }

  @Test
  void haproxyLbNamesHaveNoBlanksOtherDriversMay() throws IOException {
    assertThat(load(VALID).server("gui01").orElseThrow().lbName()).isEqualTo("GUI 01 X");
    List<Problem> problems = problems(VALID.replace("lbName: ts02", "lbName: ts 02"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.entry()).isEqualTo("server 'ts02'");
      assertThat(p.field()).isEqualTo("lbName");
      assertThat(p.message()).contains("a blank or '/'");
    });
  }

  @Test
  void duplicateLbNamesInOnePoolAreRejected() throws IOException {
    List<Problem> problems = problems(VALID.replace("lbName: GUI 01 X", "lbName: gui01")
        .replace("lbName: ts02", "lbName: ts01"));
    assertThat(problems).singleElement().extracting(p -> p.entry() + " | " + p.field() + " | " + p.message())
        .asString().startsWith("server 'ts02' | lbName | 'ts01' is already the lbName of server 'ts01'");
  }

  @Test
  void unreadableKeyFilesAreReportedPerEntry() throws IOException {
    Path unreadable = dir.resolve("locked_key");
    Files.writeString(unreadable, "x");
    boolean restricted = unreadable.toFile().setReadable(false, false) && !Files.isReadable(unreadable);
    List<Problem> problems = problems(VALID.replace("lbName: GUI 01 X", "lbName: gui01")
        .replace("identity: other_key", "identity: " + (restricted ? "locked_key" : "no_such_key")));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.entry()).isEqualTo("server 'ts02'");
      assertThat(p.field()).isEqualTo("ssh.identity");
      assertThat(p.message()).contains(restricted ? "not readable" : "does not exist");
    });
  }

  @Test
  void aServerWithoutEffectiveSshSettingsIsReported() throws IOException {
    List<Problem> problems = problems(VALID.replace("lbName: GUI 01 X", "lbName: gui01")
        .replace("ssh: { user: maint, port: 22, identity: id_ed25519, knownHosts: known_hosts }\n", ""));
    assertThat(problems).extracting(p -> p.entry() + " | " + p.field()).contains(
        "server 'ts01' | ssh.identity", "server 'ts01' | ssh.knownHosts", "server 'b01' | ssh.user");
    assertThat(problems).extracting(p -> p.entry() + " | " + p.field()).doesNotContain("server 'ts01' | ssh.user");
  }

  @Test
  void aMinAvailableAboveThePoolSizeIsRejected() throws IOException {
    assertThat(problems(VALID.replace("lbName: GUI 01 X", "lbName: gui01").replace("minAvailable: 1", "minAvailable: 3")))
        .singleElement().satisfies(p -> {
          assertThat(p.entry()).isEqualTo("pool 'portal'");
          assertThat(p.field()).isEqualTo("capacity.minAvailable");
          assertThat(p.message()).contains("more than the pool's 2 servers");
        });
  }

  @Test
  void notYamlAndEmptyFilesAreOneClearProblem() throws IOException {
    assertThat(problems("pools: [ {id: x")).singleElement().extracting(Problem::message).asString()
        .startsWith("not valid YAML");
    assertThat(problems("")).singleElement().extracting(Problem::message).asString().contains("empty");
    assertThat(problems("- a\n- b\n")).singleElement().extracting(Problem::message).asString().contains("mapping");
    assertThat(problems("pools: 3\n")).singleElement().satisfies(p -> {
      assertThat(p.entry()).isEqualTo("top level");
      assertThat(p.field()).isEqualTo("pools");
    });
  }

  @Test
  void anIoErrorIsNotAValidationProblem() {
    assertThatThrownBy(() -> new InventoryLoader().load(dir.resolve("absent.yaml"))).isInstanceOf(IOException.class);
  }
}
