package io.remoteservice.agent.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a real and a simulated site have in common: their servers of a {@link Layout}, each with its own
 * loopback address and directory tree, the HAProxy instances of the layout's haproxy pools, and the
 * inventory written for them.
 */
public abstract sealed class FleetSite implements AutoCloseable permits RealSite, SimulatedSite {

  final String name;
  final Path root;
  final Layout layout;
  final List<FleetServer> servers = new ArrayList<>();
  final List<RealHaproxy> haproxies = new ArrayList<>();
  Path inventory;
  boolean closed;

  FleetSite(String name, Path root, Layout layout) {
    this.name = name;
    this.root = root;
    this.layout = layout;
  }

  public String name() {
    return name;
  }

  /** The site's directory: sshd/, lb1/, servers/&lt;id&gt;/{run,files}, bin/, inventory.yaml. */
  public Path root() {
    return root;
  }

  public Layout layout() {
    return layout;
  }

  /** User, port, keys and known_hosts for logging in to every server of the site. */
  public abstract SshAccess ssh();

  public List<FleetServer> servers() {
    return List.copyOf(servers);
  }

  public List<FleetServer> servers(String poolId) {
    return servers.stream().filter(s -> s.pool().equals(poolId)).toList();
  }

  public FleetServer server(String id) {
    return servers.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no server " + id + " in " + name + "; servers: "
            + servers.stream().map(FleetServer::id).toList()));
  }

  /** The (first) HAProxy instance; only when the layout has a haproxy pool. */
  public RealHaproxy haproxy() {
    if (haproxies.isEmpty()) {
      throw new IllegalStateException(name + " has no HAProxy: its layout has no haproxy pool");
    }
    return haproxies.get(0);
  }

  /** All HAProxy instances ({@link Layout#loadBalancers(int)}). */
  public List<RealHaproxy> haproxies() {
    return List.copyOf(haproxies);
  }

  /** The inventory YAML written at start (ed25519 key, TCP admin sockets). */
  public Path inventory() {
    return inventory;
  }

  /** A writer for another variant of the inventory (other key, Unix sockets, edits). */
  public InventoryWriter inventoryWriter() {
    return new InventoryWriter(ssh(), layout.pools(), servers, haproxies);
  }

  /**
   * A command that prints {@code id=... host=... runRoot=... files=...} of the server it runs on (found
   * from {@code SSH_CONNECTION}); for job packages and tests that need to know where they are.
   */
  public String whoAmICommand() {
    return root.resolve("bin").resolve("fleet-server").toString();
  }

  /** Runs a command on a server, strict host keys. */
  public abstract ExecResult exec(FleetServer server, String command);

  /** Whether {@link #close()} has run. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public abstract void close();
}
