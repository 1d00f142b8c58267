package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.SimulatedFault;
import io.remoteservice.agent.demo.ProcessCommand;
import io.remoteservice.agent.demo.SimulatedSshd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simulated fleet (issue 3, must-show 2): 200 servers on one MINA server answer a command each, with
 * their own identity; SFTP and exec see the same files; a detached program outlives its session and is
 * killed at clean-up; every injectable fault shows as a client sees it.
 */
@ExtendWith(FleetExtension.class)
class SimulatedFleetIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static SimulatedSite site;

  @BeforeAll
  static void start(Fleet fleet) {
    long rssBefore = rssKb();
    long t0 = System.nanoTime();
    site = fleet.simulated(Layout.of(PoolSpec.none("sim-a", 50), PoolSpec.none("sim-b", 50),
        PoolSpec.none("sim-c", 50), PoolSpec.haproxy("web", 50)));
    System.out.printf("[SimulatedFleetIT] %d simulated servers (50 behind HAProxy) started in %d ms;"
        + " JVM RSS %d MB -> %d MB%n", site.servers().size(), (System.nanoTime() - t0) / 1_000_000,
        rssBefore / 1024, rssKb() / 1024);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void twoHundredServersAnswerACommandEachWithTheirOwnIdentity() throws Exception {
    List<FleetServer> servers = site.servers();
    assertThat(servers).hasSize(200);
    assertThat(servers.stream().map(FleetServer::host).distinct()).hasSize(200)
        .allMatch(h -> h.matches("127\\.0\\.3[2-5]\\.\\d+"));
    String command = site.whoAmICommand() + " && echo \"conn=$SSH_CONNECTION\""
        + " && echo \"home=$HOME pwd=$(pwd) user=$USER path=$PATH\"";
    ExecutorService threads = Executors.newFixedThreadPool(32);
    Map<String, ExecResult> answers = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    try {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (FleetServer s : servers) {
        runs.add(CompletableFuture.runAsync(() -> answers.put(s.id(), site.exec(s, command)), threads));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    } finally {
      threads.shutdownNow();
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("[SimulatedFleetIT] 200 servers answered a command each (JSch, 32 threads, strict host"
        + " keys) in %d ms wall; JVM RSS %d MB%n", wallMs, rssKb() / 1024);

    assertThat(answers).hasSize(200);
    for (FleetServer s : servers) {
      String out = answers.get(s.id()).ok();
      assertThat(out).contains("id=" + s.id() + " host=" + s.host() + " runRoot=" + s.runRoot()
          + " files=" + s.files());
      String conn = out.lines().filter(l -> l.startsWith("conn=")).findFirst().orElseThrow();
      String[] f = conn.substring("conn=".length()).split(" ");
      assertThat(f[2]).as("the 3rd field of SSH_CONNECTION on " + s.id()).isEqualTo(s.host());
      assertThat(f[3]).isEqualTo(Integer.toString(site.port()));
      assertThat(out).contains("home=" + s.home() + " pwd=" + s.home() + " user=" + site.ssh().user()
          + " path=" + ProcessCommand.PATH);
    }
    assertThat(wallMs).as("200 answers on 2 cores").isLessThan(30_000);
  }

  @Test
  void theInventoryListsEverySimulatedServer() throws Exception {
    JsonNode inv = new ObjectMapper(new YAMLFactory()).readTree(site.inventory().toFile());
    assertThat(inv.at("/ssh/port").asInt()).isEqualTo(site.port());
    assertThat(inv.at("/ssh/knownHosts").asText()).isEqualTo(site.ssh().knownHosts().toString());
    assertThat(inv.get("pools")).hasSize(4);
    assertThat(inv.at("/pools/0/driver").asText()).isEqualTo("none");
    assertThat(inv.at("/pools/3/driver").asText()).isEqualTo("haproxy");
    assertThat(inv.at("/pools/3/haproxy/sockets/0").asText()).isEqualTo(site.haproxy().tcpSocket());
    assertThat(inv.get("servers")).hasSize(200);
    Set<String> hosts = new HashSet<>();
    for (JsonNode n : inv.get("servers")) {
      FleetServer s = site.server(n.get("id").asText());
      assertThat(n.get("host").asText()).isEqualTo(s.host());
      assertThat(n.get("runRoot").asText()).isEqualTo(s.runRoot().toString());
      assertThat(Path.of(n.at("/vars/portal_config").asText())).hasContent("server=" + s.id());
      hosts.add(s.host());
    }
    assertThat(hosts).hasSize(200);
    // known_hosts: one [ip]:port line per server, each with its own key
    List<String> known = Files.readAllLines(site.ssh().knownHosts());
    assertThat(known).hasSize(200);
    assertThat(known.stream().map(l -> l.split(" ")[2]).distinct()).hasSize(200);
  }

  @Test
  void fiftySimulatedServersStandBehindTheRealHaproxy() {
    RealHaproxy lb = site.haproxy();
    List<FleetServer> web = site.servers("web");
    assertThat(lb.stats().stream().filter(st -> st.backend().equals("be_web") && st.status().equals("UP")))
        .hasSize(50);
    String landed = lb.client("web").get();
    assertThat(web.stream().map(FleetServer::id)).contains(landed);
    FleetServer s = site.server(landed);
    assertThat(site.exec(s, site.whoAmICommand()).ok()).contains("id=" + landed + " host=" + s.host());
  }

  @Test
  void exitStatusStdinStderrAndSftpSeeTheRealFiles() throws Exception {
    FleetServer s = site.server("sim-a-02");
    Session session = site.connect(s, TIMEOUT);
    try {
      Path in = s.runRoot().resolve("from-stdin.txt");
      ExecResult r = FleetJsch.exec(session, "cat > " + in + "; echo to-stderr >&2; exit 3",
          "hello via stdin\n".getBytes(StandardCharsets.UTF_8), TIMEOUT);
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stderr()).isEqualTo("to-stderr\n");
      assertThat(in).hasContent("hello via stdin");

      // Like the real sshd's AcceptEnv LANG LC_* RSA_*: the agent's RSA_* variables pass, others do not.
      ChannelExec withEnv = (ChannelExec) session.openChannel("exec");
      withEnv.setEnv("RSA_RUN_ID", "run-42");
      withEnv.setEnv("OTHER_VAR", "dropped");
      withEnv.setCommand("echo \"rsa=$RSA_RUN_ID other=${OTHER_VAR:-unset} shell=$SHELL\"");
      java.io.InputStream envOut = withEnv.getInputStream();
      withEnv.connect((int) TIMEOUT.toMillis());
      assertThat(new String(envOut.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("rsa=run-42 other=unset shell=" + SimulatedSshd.loginShell(site.ssh().user()) + "\n");
      withEnv.disconnect();

      ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect((int) TIMEOUT.toMillis());
      try {
        assertThat(sftp.pwd()).as("SFTP starts in the server's home, as exec does").isEqualTo(s.home().toString());
        String dir = s.runRoot() + "/job-1";
        sftp.mkdir(dir);
        String script = dir + "/run.sh";
        sftp.put(new ByteArrayInputStream(("#!/bin/sh\necho \"ran $0 on $(" + site.whoAmICommand() + ")\"\n")
            .getBytes(StandardCharsets.UTF_8)), script);
        sftp.chmod(0755, script);
        ExecResult ran = FleetJsch.exec(session, script, null, TIMEOUT);
        assertThat(ran.ok()).contains("ran " + script + " on id=" + s.id() + " host=" + s.host());

        FleetJsch.exec(session, "echo written-by-exec > " + dir + "/out.txt", null, TIMEOUT).ok();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        sftp.get(dir + "/out.txt", got);
        assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("written-by-exec\n");
        assertThat(Path.of(dir, "out.txt")).as("no virtual root: the real path").exists();
      } finally {
        sftp.disconnect();
      }
    } finally {
      session.disconnect();
    }
  }

  @Test
  void aCommandLeadsItsOwnProcessGroupThatASecondChannelCanKill() throws Exception {
    FleetServer s = site.server("sim-a-03");
    Session session = site.connect(s, TIMEOUT);
    try {
      ChannelExec ch = (ChannelExec) session.openChannel("exec");
      ch.setCommand("echo $$ $(cut -d' ' -f5 /proc/$$/stat); sleep 300 & echo $!; wait");
      BufferedReader out = new BufferedReader(new InputStreamReader(ch.getInputStream(), StandardCharsets.UTF_8));
      ch.connect((int) TIMEOUT.toMillis());
      String[] pidAndGroup = out.readLine().split(" ");
      long child = Long.parseLong(out.readLine().trim());
      assertThat(pidAndGroup[1]).as("$$ leads its process group").isEqualTo(pidAndGroup[0]);
      assertThat(ProcessHandle.of(child)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

      FleetJsch.exec(session, "kill -TERM -- -" + pidAndGroup[0], null, TIMEOUT).ok();
      await().atMost(TIMEOUT).until(ch::isClosed);
      assertThat(ch.getExitStatus()).isEqualTo(128 + 15);
      await().atMost(TIMEOUT).until(() -> gone(child));
    } finally {
      session.disconnect();
    }
  }

  @Test
  void aDetachedProgramOutlivesItsSessionAndIsKilledAtCleanUp(Fleet fleet) throws Exception {
    SimulatedSite small = fleet.simulated(Layout.of(PoolSpec.none("detach", 2)));
    FleetServer s = small.server("detach-01");
    Path pidFile = s.runRoot().resolve("action.pid");
    // As the agent starts an AutoAction: own session, streams redirected, in the background. (Not
    // "cd X && setsid ... &": bash would keep the backgrounded list, and with it the channel, open.)
    ExecResult started = small.exec(s, "cd " + s.runRoot() + " || exit 1; setsid sh -c 'echo $$ > action.pid.tmp"
        + " && mv action.pid.tmp action.pid && exec sleep 300' > action.log 2>&1 < /dev/null &");
    started.ok();
    assertThat(started.elapsed()).as("the starting session ends at once").isLessThan(Duration.ofSeconds(10));
    await().atMost(TIMEOUT).until(() -> Files.exists(pidFile));
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    // The session that started it is closed; a new one still finds it running.
    assertThat(small.exec(s, "kill -0 " + pid + " && echo alive").ok()).contains("alive");
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

    small.close();
    await().atMost(TIMEOUT).until(() -> gone(pid));
    assertThat(small.root()).doesNotExist();
  }

  @Test
  void refuseConnectionsGivesAConnectError() throws Exception {
    FleetServer s = site.server("sim-b-01");
    site.fault(s, SimulatedFault.refuse());
    try {
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).isInstanceOf(JSchException.class)
          .hasRootCauseInstanceOf(ConnectException.class);
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void closeOnConnectEndsTheLoginAtOnce() {
    FleetServer s = site.server("sim-b-02");
    site.fault(s, SimulatedFault.closeOnConnect());
    try {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).isInstanceOf(JSchException.class)
          .hasMessageContaining("closed");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void dropAfterCutsTheSessionMidCommand() throws Exception {
    FleetServer s = site.server("sim-b-03");
    site.fault(s, SimulatedFault.dropAfter(Duration.ofSeconds(1)));
    try {
      long t0 = System.nanoTime();
      Session session = site.connect(s, TIMEOUT);
      ChannelExec ch = (ChannelExec) session.openChannel("exec");
      ch.setCommand("echo started; sleep 20; echo finished");
      BufferedReader out = new BufferedReader(new InputStreamReader(ch.getInputStream(), StandardCharsets.UTF_8));
      ch.connect((int) TIMEOUT.toMillis());
      assertThat(out.readLine()).isEqualTo("started");
      await().atMost(Duration.ofSeconds(10)).until(() -> !session.isConnected());
      Duration lived = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(lived).isBetween(Duration.ofMillis(950), Duration.ofSeconds(10));
      assertThat(out.readLine()).as("the rest of the output is lost").isNull();
      assertThat(ch.getExitStatus()).as("no exit status came").isEqualTo(-1);
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void hangBeforeBannerEndsInAClientTimeout() {
    FleetServer s = site.server("sim-b-04");
    site.fault(s, SimulatedFault.hangBeforeBanner());
    try {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> site.connect(s, Duration.ofMillis(1000))).isInstanceOf(JSchException.class)
          .hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(10));
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void hangExecNeverAnswersTheCommand() throws Exception {
    FleetServer s = site.server("sim-b-05");
    site.fault(s, SimulatedFault.hangExec());
    try {
      Session session = site.connect(s, TIMEOUT);
      try {
        ChannelExec ch = (ChannelExec) session.openChannel("exec");
        ch.setCommand("echo never");
        ch.connect((int) TIMEOUT.toMillis());
        assertThatThrownBy(() -> await().atMost(Duration.ofMillis(1000)).until(ch::isClosed))
            .isInstanceOf(ConditionTimeoutException.class);
        assertThat(ch.getInputStream().available()).isZero();
        assertThat(ch.getExitStatus()).isEqualTo(-1);
      } finally {
        session.disconnect();
      }
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void anotherHostKeyIsAChangedHostKeyForJsch() {
    FleetServer s = site.server("sim-b-06");
    site.fault(s, SimulatedFault.otherHostKey());
    try {
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).isInstanceOf(JSchChangedHostKeyException.class);
    } finally {
      site.heal(s);
    }
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  @Test
  void faultsSwitchFromOneToAnotherAtRunTime() {
    FleetServer s = site.server("sim-b-07");
    try {
      site.fault(s, SimulatedFault.hangBeforeBanner());
      assertThatThrownBy(() -> site.connect(s, Duration.ofMillis(300))).isInstanceOf(JSchException.class);
      site.fault(s, SimulatedFault.closeOnConnect());
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).isInstanceOf(JSchException.class)
          .hasMessageContaining("closed");
      site.fault(s, SimulatedFault.refuse());
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).hasRootCauseInstanceOf(ConnectException.class);
      site.fault(s, SimulatedFault.otherHostKey());
      assertThatThrownBy(() -> site.connect(s, TIMEOUT)).isInstanceOf(JSchChangedHostKeyException.class);
      assertThat(site.fault(s).kind()).isEqualTo(SimulatedFault.Kind.OTHER_HOST_KEY);
    } finally {
      site.heal(s);
    }
    assertThat(site.fault(s).kind()).isEqualTo(SimulatedFault.Kind.NONE);
    assertThat(site.exec(s, "echo back").ok()).isEqualTo("back\n");
  }

  /**
   * Ended: no such process, or a zombie. An orphan's zombie waits for PID 1 to reap it, which on the CI
   * machine takes up to seconds; ProcessHandle counts it alive until then.
   */
  private static boolean gone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static long rssKb() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
