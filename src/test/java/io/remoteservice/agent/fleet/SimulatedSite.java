package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.SimulatedFault;
import io.remoteservice.agent.demo.HttpBackend;
import io.remoteservice.agent.demo.SimulatedSshd;
import io.remoteservice.agent.demo.SshKeys;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hundreds of servers of a {@link Layout} simulated in this JVM: one Apache MINA SSHD bound to every
 * server's own loopback address (127.0.32.0/22) on one free port, running real commands and SFTP on the
 * real file system, each server with its own host key and directory tree, switchable faults per server
 * ({@link #fault(FleetServer, SimulatedFault)}), and the inventory. Pools with driver haproxy get an HTTP
 * backend per server behind one real HAProxy. Get one from {@link Fleet#simulated(Layout)}.
 */
public final class SimulatedSite extends FleetSite {

  private SimulatedSshd sshd;
  private SshAccess access;
  private FleetJsch jsch;

  SimulatedSite(String name, Path root, Layout layout, Path ed25519, Path rsa) {
    super(name, root, layout);
    if (layout.serverCount() > Net.SIMULATED_ADDRESSES) {
      throw new IllegalArgumentException(name + ": at most " + Net.SIMULATED_ADDRESSES
          + " simulated servers (127.0.32.0/22), not " + layout.serverCount());
    }
    try {
      Files.createDirectories(root);
      Map<String, List<FleetServer>> byPool = new LinkedHashMap<>();
      Map<String, Path> homes = new LinkedHashMap<>();
      for (PoolSpec p : layout.pools()) {
        List<FleetServer> poolServers = new ArrayList<>();
        for (int n = 1; n <= p.servers(); n++) {
          FleetServer s = RealSite.newServer(root, p, n, Net.nextSimulatedAddress());
          poolServers.add(s);
          homes.put(s.host(), s.home());
        }
        byPool.put(p.id(), poolServers);
        servers.addAll(poolServers);
      }
      if (homes.size() != servers.size()) {
        throw new IllegalStateException(name + ": two servers got the same address; "
            + "close other simulated sites first");
      }
      RealSite.writeWhoAmI(root, servers);
      sshd = new SimulatedSshd(root.resolve("sshd"), homes, List.of(SshKeys.readPublicKey(Path.of(ed25519 + ".pub")),
          SshKeys.readPublicKey(Path.of(rsa + ".pub"))), false, 0);
      access = new SshAccess(sshd.user(), sshd.port(), ed25519, rsa, sshd.knownHosts(),
          sshd.hostKeyLine(servers.get(0).host()));
      jsch = new FleetJsch(access);
      if (layout.needsHaproxy()) {
        int behind = (int) servers.stream().filter(s -> s.backend() != null).count();
        // 200 ms per server is what the real site checks; many servers get a slower pace.
        Duration check = Duration.ofMillis(Math.min(2000, Math.max(200, behind * 10L)));
        for (int i = 1; i <= layout.loadBalancers(); i++) {
          haproxies.add(new RealHaproxy(name + " haproxy " + i, root.resolve("lb" + i), layout.pools(), byPool,
              check));
        }
      }
      inventory = inventoryWriter().writeTo(root.resolve("inventory.yaml"));
      warmUp();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot prepare " + name + " in " + root, e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * A few parallel logins before the tests' burst: a cold MINA/JSch pair showed "Auth fail" in its first
   * burst of 32 parallel logins (FACTS.md). Also checks that logins and exec work at all.
   */
  private void warmUp() {
    int n = Math.min(8, servers.size());
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<CompletableFuture<ExecResult>> runs = new ArrayList<>();
      for (int i = 0; i < n * 2; i++) {
        FleetServer s = servers.get(i % servers.size());
        runs.add(CompletableFuture.supplyAsync(() -> jsch.exec(s.host(), "true"), pool));
      }
      runs.forEach(r -> r.join().ok());
    } finally {
      pool.shutdownNow();
    }
  }

  /** User, port (the same on every address), keys and known_hosts (one line per server, own key each). */
  @Override
  public SshAccess ssh() {
    return access;
  }

  /** The MINA server's port on every server address. */
  public int port() {
    return sshd.port();
  }

  /** The host key line of one server ({@code ssh-ed25519 AAAA...}); each server has its own. */
  public String hostKeyLine(FleetServer server) {
    return sshd.hostKeyLine(server.host());
  }

  /** The site's JSch client (strict host keys, the ed25519 key); usable from many threads. */
  public FleetJsch jsch() {
    return jsch;
  }

  /** A connected JSch session to a server (strict host keys). */
  public Session connect(FleetServer server, Duration timeout) throws JSchException {
    return jsch.connect(server.host(), timeout);
  }

  /** Runs a command on a server over JSch (connect, exec, disconnect). */
  @Override
  public ExecResult exec(FleetServer server, String command) {
    return jsch.exec(server.host(), command);
  }

  /** Switches a server's fault now (replacing its previous one); new connections see it. */
  public void fault(FleetServer server, SimulatedFault fault) {
    sshd.fault(server.host(), fault);
  }

  /** The server's current fault. */
  public SimulatedFault fault(FleetServer server) {
    return sshd.fault(server.host());
  }

  /** Back to normal. */
  public void heal(FleetServer server) {
    fault(server, SimulatedFault.none());
  }

  public void healAll() {
    servers.forEach(this::heal);
  }

  /** Processes that exec started and that still run (detached grandchildren are not among them). */
  public List<ProcessHandle> runningCommands() {
    return sshd.running();
  }

  /**
   * Stops HAProxy, the MINA server with its sessions and the processes exec started, the HTTP backends and
   * whatever still runs in the site's directory (a detached AutoAction), then removes the directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    haproxies.forEach(RealHaproxy::close);
    if (sshd != null) {
      sshd.close();
    }
    servers.stream().map(FleetServer::backend).filter(b -> b != null).forEach(HttpBackend::close);
    Processes.clearAndRemove(name, root);
  }
}
