package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness tests itself against the real daemons: 3 servers on the real sshd and in one HAProxy
 * backend (issue 3, must-show 1), the inventory, the databases, and that closing leaves nothing behind
 * (must-show 3).
 */
@ExtendWith(FleetExtension.class)
class TestFleetIT {

  private static final String POOL = "portal";
  private static final String BACKEND = "be_portal";

  private static RealSite site;
  private static RealHaproxy lb;

  @BeforeAll
  static void start(Fleet fleet) {
    site = fleet.real(Layout.pool(POOL, 3));
    lb = site.haproxy();
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  /** Every test starts from the config's state: all ready and UP, no stick entries. */
  @BeforeEach
  void configState() {
    for (FleetServer s : site.servers()) {
      s.backend().healthy(true);
      assertThat(lb.command("set server " + BACKEND + "/" + s.lbName() + " state ready")).isEmpty();
    }
    assertThat(lb.command("clear table " + BACKEND)).isEmpty();
    site.servers().forEach(s -> lb.awaitStatus(POOL, s.lbName(), "UP"));
  }

  @Test
  void eachServerReportsItsOwnAddressAndRunRoot() throws Exception {
    assertThat(site.servers()).hasSize(3);
    Set<String> hosts = new HashSet<>();
    for (FleetServer s : site.servers()) {
      ExecResult r = site.exec(s, site.whoAmICommand() + " && echo \"conn=$SSH_CONNECTION\""
          + " && touch " + s.runRoot() + "/was-here");
      assertThat(r.ok()).contains("id=" + s.id() + " host=" + s.host() + " runRoot=" + s.runRoot());
      assertThat(r.stdout()).containsPattern("conn=\\S+ \\d+ " + s.host().replace(".", "\\.") + " "
          + site.ssh().port());
      assertThat(s.runRoot().resolve("was-here")).exists();
      assertThat(Path.of(s.vars().get("portal_config"))).startsWith(s.files()).hasContent("server=" + s.id());
      hosts.add(s.host());
    }
    assertThat(hosts).as("one loopback address per server").hasSize(3);
  }

  @Test
  void theRsaKeyWorksAndUnknownOrChangedHostKeysAreRefused() throws Exception {
    FleetServer s = site.server("portal-02");
    assertThat(site.sshd().exec(s.host(), "echo rsa-ok", site.ssh().rsaIdentity(), site.ssh().knownHosts()).ok())
        .contains("rsa-ok");
    Path empty = Files.writeString(site.root().resolve("empty_known_hosts"), "");
    ExecResult refused = site.sshd().exec(s.host(), "echo should-not-run", site.ssh().identity(), empty);
    assertThat(refused.exitCode()).isEqualTo(255);
    assertThat(refused.stdout()).doesNotContain("should-not-run");
    assertThat(refused.stderr()).contains("Host key verification failed");
    ExecResult changed = site.sshd().exec(s.host(), "echo should-not-run", site.ssh().identity(),
        site.sshd().knownHostsWithOtherKey());
    assertThat(changed.exitCode()).isEqualTo(255);
    assertThat(changed.stderr()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
  }

  @Test
  void aStickyClientStaysOnItsServerInDrainAndMovesAfterClearTable() {
    FleetServer s1 = site.server("portal-01");
    StickyClient user = lb.clientOn(s1);
    StickyClient.HeldSession session = user.hold();
    assertThat(session.serverId()).isEqualTo(s1.id());
    await().atMost(Duration.ofSeconds(5)).until(() -> lb.sessions(POOL, s1.lbName()) == 1);

    assertThat(lb.command("set server " + BACKEND + "/" + s1.lbName() + " state drain")).isEmpty();
    lb.awaitStatus(POOL, s1.lbName(), "DRAIN");
    assertThat(user.get()).as("a sticky user stays while its server drains").isEqualTo(s1.id());
    for (int i = 0; i < 6; i++) {
      assertThat(lb.client(POOL).get()).as("a new user never lands on a draining server").isNotEqualTo(s1.id());
    }

    session.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> lb.sessions(POOL, s1.lbName()) == 0);
    assertThat(lb.command("clear table " + BACKEND + " data.server_id eq " + s1.lbId())).isEmpty();
    assertThat(lb.command("show table " + BACKEND)).doesNotContain("key=" + user.source() + " ");
    assertThat(user.get()).as("after clear table the user moves").isNotEqualTo(s1.id());
  }

  @Test
  void maintStopsTrafficAndReadyReturnsTheServerUp() {
    FleetServer s2 = site.server("portal-02");
    StickyClient user = lb.clientOn(s2);

    assertThat(lb.command("set server " + BACKEND + "/" + s2.lbName() + " state maint")).isEmpty();
    lb.awaitStatus(POOL, s2.lbName(), "MAINT");
    long served = s2.backend().requests();
    assertThat(user.get()).as("MAINT ignores persistence").isNotEqualTo(s2.id());
    for (int i = 0; i < 6; i++) {
      assertThat(lb.client(POOL).get()).isNotEqualTo(s2.id());
    }
    assertThat(s2.backend().requests()).as("no request reached the server in MAINT").isEqualTo(served);

    assertThat(lb.command("set server " + BACKEND + "/" + s2.lbName() + " state ready")).isEmpty();
    lb.awaitStatus(POOL, s2.lbName(), "UP");
    assertThat(lb.clientOn(s2).get()).isEqualTo(s2.id());
    assertThat(s2.backend().requests()).isGreaterThan(served);
  }

  @Test
  void aFailingHealthCheckMarksTheServerDown() {
    FleetServer s3 = site.server("portal-03");
    s3.backend().healthy(false);
    lb.awaitStatus(POOL, s3.lbName(), "DOWN");
    s3.backend().healthy(true);
    lb.awaitStatus(POOL, s3.lbName(), "UP");
  }

  @Test
  void afterARestartTheStateIsTheConfigsAgain() {
    FleetServer s1 = site.server("portal-01");
    FleetServer s2 = site.server("portal-02");
    StickyClient user = lb.clientOn(s1);
    lb.command("set server " + BACKEND + "/" + s1.lbName() + " state drain");
    lb.command("set server " + BACKEND + "/" + s2.lbName() + " state maint");
    lb.awaitStatus(POOL, s2.lbName(), "MAINT");
    assertThat(lb.command("show table " + BACKEND)).contains("key=" + user.source());
    long pidBefore = lb.pid();

    lb.restart();

    assertThat(lb.pid()).isNotEqualTo(pidBefore);
    assertThat(lb.stats()).extracting(ServerStat::status).containsOnly("UP");
    assertThat(lb.stats()).hasSize(3);
    assertThat(lb.command("show table " + BACKEND)).doesNotContain("key=");
    assertThat(lb.commandOverUnixSocket("show servers state " + BACKEND)).contains(s1.lbName());
  }

  @Test
  void bothAdminSocketsAnswer() {
    assertThat(lb.command("show info")).contains("Name: HAProxy");
    assertThat(lb.commandOverUnixSocket("show info")).contains("Name: HAProxy");
    assertThat(lb.command("set server " + BACKEND + "/nosuch state drain")).contains("No such server");
  }

  @Test
  void theInventoryDescribesWhatRuns() throws Exception {
    JsonNode inv = new ObjectMapper(new YAMLFactory()).readTree(site.inventory().toFile());
    assertThat(inv.at("/ssh/user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(inv.at("/ssh/port").asInt()).isEqualTo(site.sshd().port());
    assertThat(inv.at("/ssh/identity").asText()).isEqualTo(site.ssh().identity().toString());
    assertThat(inv.at("/ssh/knownHosts").asText()).isEqualTo(site.sshd().knownHosts().toString());
    assertThat(inv.at("/customers/0/id").asText()).isEqualTo("acme");
    assertThat(inv.at("/pools/0/id").asText()).isEqualTo(POOL);
    assertThat(inv.at("/pools/0/driver").asText()).isEqualTo("haproxy");
    assertThat(inv.at("/pools/0/haproxy/backend").asText()).isEqualTo(BACKEND);
    assertThat(inv.at("/pools/0/haproxy/sockets/0").asText()).isEqualTo(lb.tcpSocket());
    assertThat(inv.at("/pools/0/capacity/maxUnavailable").asText()).isEqualTo("1");
    assertThat(inv.at("/pools/0/drain/onTimeout").asText()).isEqualTo("proceed");
    assertThat(inv.at("/servers")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      FleetServer s = site.servers().get(i);
      JsonNode n = inv.at("/servers/" + i);
      assertThat(n.at("/id").asText()).isEqualTo(s.id());
      assertThat(n.at("/pool").asText()).isEqualTo(POOL);
      assertThat(n.at("/host").asText()).isEqualTo(s.host());
      assertThat(n.at("/lbName").asText()).isEqualTo(s.lbName());
      assertThat(n.at("/runRoot").asText()).isEqualTo(s.runRoot().toString());
      assertThat(n.at("/vars/portal_config").asText()).isEqualTo(s.vars().get("portal_config"));
    }
    Path unix = site.inventoryWriter().unixSockets().identity(site.ssh().rsaIdentity())
        .writeTo(site.root().resolve("inventory-unix.yaml"));
    JsonNode other = new ObjectMapper(new YAMLFactory()).readTree(unix.toFile());
    assertThat(other.at("/pools/0/haproxy/sockets/0").asText()).isEqualTo(lb.unixSocket());
    assertThat(other.at("/ssh/identity").asText()).isEqualTo(site.ssh().rsaIdentity().toString());
    // the known_hosts names every server address with the sshd's port
    assertThat(Files.readAllLines(site.sshd().knownHosts()))
        .containsExactlyElementsOf(site.servers().stream()
            .map(s -> "[" + s.host() + "]:" + site.sshd().port() + " " + site.ssh().hostKeyLine()).toList());
  }

  @Test
  void postgresGivesThisClassItsOwnDatabase(Fleet fleet) throws Exception {
    TestDatabase db = fleet.postgres(TestFleetIT.class);
    assertThat(db.name()).startsWith("rsa_it_testfleetit_");
    assertThat(fleet.postgres(TestFleetIT.class)).isEqualTo(db);
    assertThat(fleet.postgres(String.class).name()).isNotEqualTo(db.name());
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE probe (id INT)");
      st.execute("INSERT INTO probe VALUES (42)");
      try (ResultSet rs = st.executeQuery("SELECT current_database(), (SELECT id FROM probe)")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(db.name());
        assertThat(rs.getInt(2)).isEqualTo(42);
      }
    }
    assertThat(db.springProperties()).containsEntry("spring.datasource.url", db.url());
  }

  @Test
  void h2GivesThisClassItsOwnDatabase(Fleet fleet) throws Exception {
    TestDatabase db = fleet.h2(TestFleetIT.class);
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE probe (id INT)");
      st.execute("INSERT INTO probe VALUES (7)");
      try (ResultSet rs = st.executeQuery("SELECT id FROM probe")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    }
    assertThat(fleet.h2(TestFleetIT.class).url()).isEqualTo(db.url());
  }

  @Test
  void anUnreachablePostgresFailsWithAClearMessage() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      closedPort = s.getLocalPort();
    }
    Databases unreachable = new Databases("jdbc:postgresql://127.0.0.1:" + closedPort + "/test", "postgres", "");
    assertThatThrownBy(() -> unreachable.createPostgres(TestFleetIT.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PostgreSQL is not reachable at jdbc:postgresql://127.0.0.1:" + closedPort)
        .hasMessageContaining("never skip");
  }

  @Test
  void closingASiteLeavesNoProcessNoPortAndNoDirectory(Fleet fleet) throws Exception {
    RealSite other = fleet.real(Layout.pool("batch", 2));
    FleetServer s = other.servers().get(0);
    // A detached program, as the agent starts an AutoAction: re-parented, so only the directory links it.
    other.exec(s, "cd " + s.runRoot() + " && (setsid sh -c 'sleep 300' </dev/null >/dev/null 2>&1 &)").ok();
    await().atMost(Duration.ofSeconds(5)).until(() -> Processes.leftovers(other.root()).stream()
        .anyMatch(h -> h.info().commandLine().orElse("").contains("sleep 300")));
    List<ProcessHandle> before = Processes.leftovers(other.root());
    ProcessHandle sshd = ProcessHandle.of(other.sshd().pid()).orElseThrow();
    ProcessHandle haproxy = ProcessHandle.of(other.haproxy().pid()).orElseThrow();
    int sshPort = other.sshd().port();
    int adminPort = other.haproxy().adminPort();

    other.close();

    assertThat(sshd.isAlive()).isFalse();
    assertThat(haproxy.isAlive()).isFalse();
    assertThat(before).allSatisfy(h -> assertThat(h.isAlive()).as(h.info().toString()).isFalse());
    assertThat(Processes.leftovers(other.root())).isEmpty();
    assertThat(other.root()).doesNotExist();
    assertThat(Net.accepts(s.host(), sshPort)).isFalse();
    assertThat(Net.accepts("127.0.0.1", adminPort)).isFalse();
  }
}
