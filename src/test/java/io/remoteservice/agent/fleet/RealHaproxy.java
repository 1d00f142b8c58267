package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.HaproxyConfig;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's HAProxy as a private process with a generated config: per pool a frontend on 127.0.0.1 and a
 * backend {@code be_<pool>} (round robin, HTTP health checks every 200 ms, a stick table with
 * {@code stick on src}, servers with pinned ids {@code id N}), and two admin sockets at level admin: TCP
 * ({@link #tcpSocket()}) and Unix ({@link #unixSocket()}). Runtime state (drain, maint, stick entries) lives
 * only in the process: {@link #restart()} loses it, as a reload without a state file does.
 */
public final class RealHaproxy implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final Path dir;
  private final List<PoolSpec> pools;
  private final Map<String, List<FleetServer>> serversByPool;
  private final int adminPort;
  private final Path unixSocket;
  private final Map<String, Integer> frontendPorts = new LinkedHashMap<>();
  private final Path config;
  private final long checkMillis;
  private Daemon daemon;

  RealHaproxy(String name, Path dir, List<PoolSpec> pools, Map<String, List<FleetServer>> serversByPool) {
    this(name, dir, pools, serversByPool, Duration.ofMillis(200));
  }

  /**
   * With another health-check interval: hundreds of simulated servers checked every 200 ms would keep the
   * two cores busy.
   */
  RealHaproxy(String name, Path dir, List<PoolSpec> pools, Map<String, List<FleetServer>> serversByPool,
      Duration checkInterval) {
    Tools.require(Tools.HAPROXY, "haproxy");
    this.checkMillis = Math.max(100, checkInterval.toMillis());
    this.name = name;
    this.dir = dir;
    this.pools = pools.stream().filter(PoolSpec::behindHaproxy).toList();
    this.serversByPool = serversByPool;
    try {
      Files.createDirectories(dir);
      this.adminPort = Net.freePort();
      this.unixSocket = dir.resolve("admin.sock");
      for (PoolSpec p : this.pools) {
        frontendPorts.put(p.id(), Net.freePort());
      }
      this.config = dir.resolve("haproxy.cfg");
      Files.writeString(config, configText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + name + " in " + dir, e);
    }
    Tools.run(List.of(Tools.HAPROXY.toString(), "-c", "-q", "-f", config.toString()));
    start();
  }

  private String configText() {
    List<HaproxyConfig.Backend> backends = new ArrayList<>();
    for (PoolSpec p : pools) {
      List<HaproxyConfig.Member> members = serversByPool.get(p.id()).stream()
          .map(s -> new HaproxyConfig.Member(s.lbName(), s.backend().address(), s.lbId())).toList();
      backends.add(new HaproxyConfig.Backend(p.id(), p.backend(),
          new InetSocketAddress("127.0.0.1", frontendPorts.get(p.id())), members));
    }
    return new HaproxyConfig(List.of("ipv4@127.0.0.1:" + adminPort + " level admin",
        unixSocket + " mode 600 level admin"), checkMillis, backends).text();
  }

  private void start() {
    daemon = new Daemon(name, List.of(Tools.HAPROXY.toString(), "-db", "-f", config.toString()),
        dir.resolve("haproxy.log"));
    daemon.start();
    daemon.awaitReady(START_TIMEOUT, this::readyAsConfigured);
  }

  /** Sockets and frontends answer, and every server whose backend is healthy is UP. */
  private boolean readyAsConfigured() {
    if (!Net.accepts("127.0.0.1", adminPort) || !Files.exists(unixSocket)) {
      return false;
    }
    for (int port : frontendPorts.values()) {
      if (!Net.accepts("127.0.0.1", port)) {
        return false;
      }
    }
    List<ServerStat> stats;
    try {
      stats = stats();
    } catch (RuntimeException e) {
      return false;
    }
    for (PoolSpec p : pools) {
      for (FleetServer s : serversByPool.get(p.id())) {
        boolean up = stats.stream().anyMatch(st -> st.backend().equals(p.backend())
            && st.server().equals(s.lbName()) && st.status().equals("UP"));
        if (s.backend().isHealthy() && !up) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code tcp:127.0.0.1:PORT}, as the inventory's {@code haproxy.sockets} lists it. */
  public String tcpSocket() {
    return "tcp:127.0.0.1:" + adminPort;
  }

  /** {@code unix:/path/admin.sock}, as the inventory's {@code haproxy.sockets} lists it. */
  public String unixSocket() {
    return "unix:" + unixSocket;
  }

  public int adminPort() {
    return adminPort;
  }

  public Path unixSocketPath() {
    return unixSocket;
  }

  public Path config() {
    return config;
  }

  public Path log() {
    return daemon.log();
  }

  public long pid() {
    return daemon.pid();
  }

  public boolean isRunning() {
    return daemon != null && daemon.isAlive();
  }

  /** Where users of a pool connect (127.0.0.1 and the pool's frontend port). */
  public InetSocketAddress frontend(String poolId) {
    Integer port = frontendPorts.get(poolId);
    if (port == null) {
      throw new IllegalArgumentException("no HAProxy pool " + poolId + "; pools: " + frontendPorts.keySet());
    }
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** The backend name of a pool ({@code be_<pool>}). */
  public String backend(String poolId) {
    frontend(poolId);
    return "be_" + poolId;
  }

  /** Sends one Runtime API command over the TCP socket; returns the reply (empty for success of most set commands). */
  public String command(String command) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", adminPort), 2000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": '" + command + "' over " + tcpSocket() + " failed", e);
    }
  }

  /** Sends one Runtime API command over the Unix socket. */
  public String commandOverUnixSocket(String command) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(unixSocket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": '" + command + "' over " + unixSocket() + " failed", e);
    }
  }

  /** Every server line of {@code show stat} (FRONTEND and BACKEND lines left out). */
  public List<ServerStat> stats() {
    String csv = command("show stat");
    List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
      throw new IllegalStateException(name + ": unexpected 'show stat' reply: " + csv);
    }
    List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
    int px = header.indexOf("pxname");
    int sv = header.indexOf("svname");
    int scur = header.indexOf("scur");
    int status = header.indexOf("status");
    int weight = header.indexOf("weight");
    List<ServerStat> result = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f[sv].equals("FRONTEND") || f[sv].equals("BACKEND")) {
        continue;
      }
      result.add(new ServerStat(f[px], f[sv], f[status], parseInt(f[scur]), parseInt(f[weight])));
    }
    return result;
  }

  private static int parseInt(String s) {
    return s.isEmpty() ? 0 : Integer.parseInt(s);
  }

  /** The {@code show stat} line of one server of a pool. */
  public ServerStat stat(String poolId, String serverName) {
    String backend = backend(poolId);
    Optional<ServerStat> found = stats().stream()
        .filter(s -> s.backend().equals(backend) && s.server().equals(serverName)).findFirst();
    return found.orElseThrow(() -> new IllegalArgumentException(
        name + ": no server " + serverName + " in backend " + backend));
  }

  /** Field 18 of show stat: UP, DOWN, DRAIN, MAINT, ... */
  public String status(String poolId, String serverName) {
    return stat(poolId, serverName).status();
  }

  /** Field 5 of show stat (scur): current sessions on the server. */
  public int sessions(String poolId, String serverName) {
    return stat(poolId, serverName).sessions();
  }

  /** Waits (Awaitility, up to 10 s) until the server shows {@code status}. */
  public void awaitStatus(String poolId, String serverName, String status) {
    await(serverName + " " + status + " on " + name).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status(poolId, serverName).equals(status));
  }

  /** A new user of the pool, from a source address no other client of this JVM uses right now. */
  public StickyClient client(String poolId) {
    return new StickyClient(Net.nextClientAddress(), frontend(poolId));
  }

  /**
   * A new user that sticks to {@code server}: its stick entry is set to the server's id before its first
   * request, and that request is checked to land there. The server must accept traffic (UP or DRAIN).
   */
  public StickyClient clientOn(FleetServer server) {
    StickyClient c = client(server.pool());
    String reply = command("set table " + backend(server.pool()) + " key " + c.source()
        + " data.server_id " + server.lbId());
    if (!reply.isEmpty()) {
      throw new IllegalStateException(name + ": cannot pin " + c.source() + " to " + server.id() + ": " + reply);
    }
    String landed = c.get();
    if (!landed.equals(server.id())) {
      throw new IllegalStateException(name + ": client " + c.source() + " pinned to " + server.id()
          + " landed on " + landed + "; is " + server.id() + " in MAINT or DOWN?");
    }
    return c;
  }

  /**
   * Stops HAProxy and starts it again with the same config and ports; returns when every healthy server is
   * UP. Runtime state (drain, maint, weights, stick entries) is lost.
   */
  public void restart() {
    daemon.stop();
    start();
  }

  @Override
  public void close() {
    if (daemon != null) {
      daemon.stop();
    }
  }
}
