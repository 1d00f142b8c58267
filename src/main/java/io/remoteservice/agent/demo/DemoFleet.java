package io.remoteservice.agent.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.remoteservice.agent.remote.RemoteException;
import io.remoteservice.agent.remote.RemoteSession;
import io.remoteservice.agent.remote.RemoteShell;
import io.remoteservice.agent.remote.SshSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile's simulated fleet, inside the agent's JVM: twelve servers of two customers in two pools,
 * each on its own loopback address with its own directory tree under {@code rsa.demo.dir}, served by one
 * {@link SimulatedSshd} (host keys and the agent's user key generated on first start and kept), each with
 * a small HTTP service; a private HAProxy in front of them when Debian's {@code haproxy} is installed (else
 * the pools use the {@code manual} driver); and the inventory that describes all of it.
 *
 * <p>One server, {@value #BROKEN}, is set up so that the example jobs fail there: its marker file asks
 * {@code update-portal-config} to fail after replacing the configuration (FailureRevert puts the old one
 * back), and its log directory is missing, so {@code rotate-logs} fails before it changes anything.
 */
public final class DemoFleet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);

  /** The server on which the example jobs fail. */
  public static final String BROKEN = "sw-portal-03";

  /** A pool of the demo: its customer, its servers' id prefix and its frontend's last octet. */
  record PoolPlan(String id, String customer, String customerName, String contact, String serverPrefix,
      int servers, int frontendOctet, int maxUnavailable, int minAvailable, int firstOctet) {}

  static final List<PoolPlan> POOLS = List.of(
      new PoolPlan("sw-portal", "stadtwerke", "Stadtwerke Nordhafen", "it-betrieb@stadtwerke-nordhafen.example",
          "sw-portal-", 6, 101, 2, 3, 1),
      new PoolPlan("kb-terminals", "kanzlei", "Kanzlei Berger & Roth", "edv@berger-roth.example",
          "kb-term-", 6, 102, 1, 4, 7));

  /** One simulated server. */
  public record DemoServer(String id, String pool, String host, int lbId, Path home, Path runRoot,
      Map<String, String> vars, HttpBackend web) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final DemoProperties settings;
  private final Path dir;
  private final List<DemoServer> servers = new ArrayList<>();
  private final Map<String, InetSocketAddress> frontends = new LinkedHashMap<>();
  private Path identity;
  private SimulatedSshd sshd;
  private DemoHaproxy haproxy;
  private DemoUsers users;
  private String loadBalancerNote;
  private Path inventory;

  private DemoFleet(DemoProperties settings) {
    this.settings = settings;
    this.dir = settings.dir().toAbsolutePath().normalize();
  }

  /** Prepares the directories and keys (first start), starts the servers, HAProxy, and writes the inventory. */
  public static DemoFleet start(DemoProperties settings) {
    DemoFleet fleet = new DemoFleet(settings);
    try {
      fleet.prepare();
      fleet.startServers();
      fleet.startLoadBalancer();
      fleet.writeInventory();
      fleet.warmUp();
      fleet.startUsers();
      return fleet;
    } catch (IOException e) {
      fleet.close();
      throw new UncheckedIOException("cannot set up the demo fleet in " + fleet.dir + ": " + e.getMessage()
          + "; check that the directory is writable (rsa.demo.dir, RSA_DEMO_DIR)", e);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private void prepare() throws IOException {
    Files.createDirectories(dir);
    identity = dir.resolve("keys").resolve("id_ed25519");
    SshKeys.loadOrCreate(identity, "rsa-demo-agent");
    for (PoolPlan p : POOLS) {
      for (int n = 1; n <= p.servers(); n++) {
        String id = p.serverPrefix() + String.format("%02d", n);
        String host = settings.network() + "." + (p.firstOctet() + n - 1);
        Path home = dir.resolve("servers").resolve(id);
        Map<String, String> vars = prepareServer(id, home);
        servers.add(new DemoServer(id, p.id(), host, n, home, home.resolve("run"), vars, null));
      }
    }
  }

  /**
   * A server's own tree, made on first start and kept afterwards (what a job changed stays changed):
   * {@code etc/portal/portal.conf}, {@code var/log/portal/*.log} and {@code run/} for the agent's runs.
   */
  private static Map<String, String> prepareServer(String id, Path home) throws IOException {
    Path conf = home.resolve("etc/portal/portal.conf");
    Path logs = home.resolve("var/log/portal");
    Files.createDirectories(home.resolve("run"));
    Files.createDirectories(conf.getParent());
    if (!Files.exists(conf)) {
      Files.writeString(conf, """
          # Portal configuration of %s (as delivered; the demo job update-portal-config replaces it)
          listen_port = 8443
          session_timeout = 20m
          login_banner = "Welcome"
          """.formatted(id));
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("portal_config", conf.toString());
    vars.put("log_dir", logs.toString());
    if (id.equals(BROKEN)) {
      Path marker = home.resolve("etc/portal/FAIL-HERE");
      if (!Files.exists(marker)) {
        Files.writeString(marker, "after-replace\n# The demo's broken server: update-portal-config fails here after"
            + " replacing the configuration, so that FailureRevert and the manual-access follow-up show.\n");
      }
      vars.put("fail_marker", marker.toString());
      // No log directory: rotate-logs fails here before it changes anything.
    } else {
      Files.createDirectories(logs);
      Path app = logs.resolve("app.log");
      if (!Files.exists(app)) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
          lines.append("2026-11-20T08:").append(String.format("%02d", i % 60)).append(":00Z ").append(id)
              .append(" INFO request ").append(i).append(" served\n");
        }
        Files.writeString(app, lines);
        Files.writeString(logs.resolve("access.log"), id + " 127.0.0.1 GET /portal 200\n");
      }
    }
    return vars;
  }

  private void startServers() {
    Map<String, Path> homes = new LinkedHashMap<>();
    servers.forEach(s -> homes.put(s.host(), s.home()));
    try {
      sshd = new SimulatedSshd(dir.resolve("sshd"), homes, List.of(SshKeys.readPublicKey(pub(identity))), true,
          settings.sshPort());
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("the demo's simulated servers cannot listen on " + settings.network()
          + ".x port " + settings.sshPort() + ": " + e.getMessage() + ". Set rsa.demo.ssh-port (RSA_DEMO_SSH_PORT)"
          + " to 0 for a free port, or rsa.demo.network (RSA_DEMO_NETWORK) to other loopback addresses", e);
    }
  }

  private static Path pub(Path identity) {
    return identity.resolveSibling(identity.getFileName() + ".pub");
  }

  private void startLoadBalancer() throws IOException {
    Optional<Path> binary = DemoHaproxy.find();
    DemoProperties.LoadBalancer wanted = settings.loadBalancer();
    if (wanted == DemoProperties.LoadBalancer.MANUAL) {
      loadBalancerNote = "manual (rsa.demo.load-balancer=manual): every pool step is a task in Tasklist";
      return;
    }
    if (binary.isEmpty()) {
      if (wanted == DemoProperties.LoadBalancer.HAPROXY) {
        throw new IllegalStateException("rsa.demo.load-balancer is haproxy, but no haproxy binary is installed;"
            + " install Debian's haproxy package or set rsa.demo.load-balancer to auto or manual");
      }
      loadBalancerNote = "manual: HAProxy is not installed (apt-get install haproxy gives the demo a real one);"
          + " every pool step is a task in Tasklist";
      return;
    }
    List<DemoServer> withWeb = new ArrayList<>();
    List<HaproxyConfig.Backend> backends = new ArrayList<>();
    for (DemoServer s : servers) {
      withWeb.add(new DemoServer(s.id(), s.pool(), s.host(), s.lbId(), s.home(), s.runRoot(), s.vars(),
          new HttpBackend(s.id(), s.host())));
    }
    servers.clear();
    servers.addAll(withWeb);
    for (PoolPlan p : POOLS) {
      InetSocketAddress frontend = freeAddress(settings.network() + "." + p.frontendOctet());
      frontends.put(p.id(), frontend);
      List<HaproxyConfig.Member> members = servers.stream().filter(s -> s.pool().equals(p.id()))
          .map(s -> new HaproxyConfig.Member(s.id(), s.web().address(), s.lbId())).toList();
      backends.add(new HaproxyConfig.Backend(p.id(), "be_" + p.id(), frontend, members));
    }
    try {
      haproxy = new DemoHaproxy(binary.get(), dir.resolve("haproxy"), new HaproxyConfig(List.of(), 1000, backends));
      loadBalancerNote = "HAProxy " + binary.get() + " (admin socket " + haproxy.inventorySocket().substring(5) + ")";
    } catch (RuntimeException e) {
      if (wanted == DemoProperties.LoadBalancer.HAPROXY) {
        throw e;
      }
      log.warn("The demo's HAProxy did not start; its pools use the manual driver instead. {}", e.getMessage());
      frontends.clear();
      loadBalancerNote = "manual: HAProxy did not start (" + e.getMessage() + ")";
    }
  }

  private static InetSocketAddress freeAddress(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return new InetSocketAddress(host, s.getLocalPort());
    }
  }

  private void writeInventory() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> ssh = new LinkedHashMap<>();
    ssh.put("user", sshd.user());
    ssh.put("port", sshd.port());
    ssh.put("identity", identity.toString());
    ssh.put("knownHosts", sshd.knownHosts().toAbsolutePath().toString());
    root.put("ssh", ssh);
    List<Object> customers = new ArrayList<>();
    List<Object> pools = new ArrayList<>();
    for (PoolPlan p : POOLS) {
      customers.add(ordered("id", p.customer(), "name", p.customerName(), "contacts", List.of(p.contact())));
      Map<String, Object> pool = new LinkedHashMap<>();
      pool.put("id", p.id());
      pool.put("customer", p.customer());
      if (haproxy != null) {
        pool.put("driver", "haproxy");
        pool.put("haproxy", ordered("sockets", List.of(haproxy.inventorySocket()), "backend", "be_" + p.id()));
      } else {
        pool.put("driver", "manual");
        pool.put("manual", ordered("console", "(demo) no load balancer runs: there is nothing to click",
            "instructions", "This demo has no HAProxy. Imagine the step in your load balancer's console,"
                + " then confirm it here."));
      }
      pool.put("capacity", ordered("maxUnavailable", p.maxUnavailable(), "minAvailable", p.minAvailable()));
      pool.put("drain", ordered("timeout", "PT2M", "onTimeout", "ask"));
      pools.add(pool);
    }
    root.put("customers", customers);
    root.put("pools", pools);
    List<Object> list = new ArrayList<>();
    for (DemoServer s : servers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("pool", s.pool());
      m.put("host", s.host());
      m.put("lbName", s.id());
      m.put("runRoot", s.runRoot().toString());
      m.put("tags", List.of(s.id().equals(BROKEN) ? "broken" : "healthy"));
      m.put("vars", s.vars());
      list.add(m);
    }
    root.put("servers", list);
    inventory = dir.resolve("inventory.yaml");
    Files.writeString(inventory, "# Generated by the demo profile at every start; edits are overwritten.\n"
        + YAML.writeValueAsString(root));
  }

  /** A map that keeps the order of its keys, so that the YAML reads like the README's inventory. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * One login per server, with the agent's own SSH client, before the agent's first burst (a cold MINA
   * server refused a few of the first parallel logins, FACTS.md); also proves keys and host keys fit.
   */
  private void warmUp() {
    RemoteShell shell = new RemoteShell();
    for (DemoServer s : servers) {
      try (RemoteSession session = shell.open(sshSettings(s.host()))) {
        session.exec("true");
      } catch (RemoteException e) {
        throw new IllegalStateException("the demo server " + s.id() + " refused the demo's login: " + e.getMessage()
            + "; delete " + dir.resolve("keys") + " and " + dir.resolve("sshd") + " to have new keys generated", e);
      }
    }
  }

  /** How the agent logs in to one of the demo's servers, as the inventory says. */
  public SshSettings sshSettings(String host) {
    return SshSettings.of(host, sshd.port(), sshd.user(), identity, sshd.knownHosts());
  }

  /** The pools' users, when the pools are behind HAProxy. */
  private void startUsers() {
    if (haproxy == null || settings.usersPerPool() == 0) {
      return;
    }
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < settings.usersPerPool() * POOLS.size(); i++) {
      sources.add(settings.network() + "." + (151 + i));
    }
    users = new DemoUsers(List.copyOf(frontends.values()), sources, Duration.ofSeconds(8));
  }

  /** Sessions the simulated users opened so far, per server. */
  public Map<String, Integer> userSessions() {
    return users == null ? Map.of() : users.sessionsByServer();
  }

  /** The generated inventory ({@code rsa.inventory} of the demo). */
  public Path inventory() {
    return inventory;
  }

  public List<DemoServer> servers() {
    return List.copyOf(servers);
  }

  /** Whether the pools are behind the demo's HAProxy (driver haproxy) or manual. */
  public boolean balanced() {
    return haproxy != null;
  }

  /** Where the users of a pool connect (only with HAProxy). */
  public Optional<InetSocketAddress> frontend(String poolId) {
    return Optional.ofNullable(frontends.get(poolId));
  }

  /** The simulator, for tests that switch a fault. */
  public SimulatedSshd sshd() {
    return sshd;
  }

  /** A few lines for the log: pools, servers, the broken one, how to look at a server by hand. */
  public String summary() {
    StringBuilder b = new StringBuilder("=== Remote Service Agent demo: a simulated fleet in this JVM ===\n");
    for (PoolPlan p : POOLS) {
      List<DemoServer> in = servers.stream().filter(s -> s.pool().equals(p.id())).toList();
      b.append(String.format("  pool %-12s customer %-10s %d servers %s .. %s (%s .. %s)%s%n", p.id(), p.customer(),
          in.size(), in.get(0).id(), in.get(in.size() - 1).id(), in.get(0).host(), in.get(in.size() - 1).host(),
          frontend(p.id()).map(f -> ", users: http://" + f.getHostString() + ":" + f.getPort() + "/").orElse("")));
    }
    b.append("  load balancer: ").append(loadBalancerNote).append('\n');
    if (users != null) {
      b.append("  users: ").append(settings.usersPerPool()).append(" per pool (from ").append(settings.network())
          .append(".151 on), each staying up to 8 s and coming back: draining a server waits for them\n");
    }
    b.append("  ").append(BROKEN).append(" is broken on purpose: the example jobs fail there (FailureRevert,"
        + " then a manual-access task)\n");
    b.append("  inventory: ").append(inventory).append('\n');
    b.append("  a server by hand: ssh -i ").append(identity).append(" -o UserKnownHostsFile=").append(sshd.knownHosts())
        .append(" -p ").append(sshd.port()).append(' ').append(sshd.user()).append('@').append(servers.get(0).host())
        .append('\n');
    return b.toString();
  }

  /** Stops HAProxy, the simulated SSH servers (and what they run) and the HTTP services. */
  @Override
  public void close() {
    if (users != null) {
      users.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (sshd != null) {
      sshd.close();
    }
    servers.stream().map(DemoServer::web).filter(w -> w != null).forEach(HttpBackend::close);
  }
}
