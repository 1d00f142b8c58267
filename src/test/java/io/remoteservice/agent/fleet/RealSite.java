package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.HttpBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Servers of a {@link Layout} on real daemons: one private sshd listening on every server's loopback
 * address, one HTTP backend per server behind HAProxy, the HAProxy instance(s), each server's directory
 * tree, and the inventory file ({@link #inventory()}). Get one from {@link Fleet#real(Layout)}; close it in
 * {@code @AfterAll} or leave that to the end of the run.
 */
public final class RealSite extends FleetSite {

  private RealSshd sshd;

  RealSite(String name, Path root, Layout layout, Path ed25519, Path rsa) {
    super(name, root, layout);
    try {
      Files.createDirectories(root);
      Map<String, List<FleetServer>> byPool = new LinkedHashMap<>();
      for (PoolSpec p : layout.pools()) {
        List<FleetServer> poolServers = new ArrayList<>();
        for (int n = 1; n <= p.servers(); n++) {
          poolServers.add(newServer(root, p, n, Net.nextServerAddress()));
        }
        byPool.put(p.id(), poolServers);
        servers.addAll(poolServers);
      }
      writeWhoAmI(root, servers);
      sshd = new RealSshd(root.resolve("sshd"), servers.stream().map(FleetServer::host).toList(), ed25519, rsa);
      if (layout.needsHaproxy()) {
        for (int i = 1; i <= layout.loadBalancers(); i++) {
          haproxies.add(new RealHaproxy(name + " haproxy " + i, root.resolve("lb" + i), layout.pools(), byPool));
        }
      }
      inventory = inventoryWriter().writeTo(root.resolve("inventory.yaml"));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot prepare " + name + " in " + root, e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * A table of the servers and a script that finds, from {@code SSH_CONNECTION}, which server a program
   * runs on: with one sshd for all servers, the address it was reached on is what tells them apart.
   * The simulated fleet writes the same.
   */
  static void writeWhoAmI(Path root, List<FleetServer> servers) throws IOException {
    StringBuilder table = new StringBuilder();
    for (FleetServer s : servers) {
      table.append(s.host()).append(' ').append(s.id()).append(' ').append(s.runRoot()).append(' ')
          .append(s.files()).append('\n');
    }
    Path tsv = root.resolve("servers.tsv");
    Files.writeString(tsv, table.toString());
    Path script = Files.createDirectories(root.resolve("bin")).resolve("fleet-server");
    Files.writeString(script, """
        #!/bin/sh
        # Which fleet server this runs on, from the address sshd was reached on.
        set -- $SSH_CONNECTION
        while read -r host id runRoot files; do
          if [ "$host" = "$3" ]; then
            echo "id=$id host=$host runRoot=$runRoot files=$files"
            exit 0
          fi
        done < %s
        echo "not a server of this fleet site: '$3'" >&2
        exit 1
        """.formatted(tsv));
    script.toFile().setExecutable(true, false);
  }

  /** A server's directory tree and vars under {@code root/servers/<id>}; its HTTP backend if behind HAProxy. */
  static FleetServer newServer(Path root, PoolSpec pool, int n, String host) throws IOException {
    String id = pool.serverId(n);
    Path home = root.resolve("servers").resolve(id);
    Path runRoot = Files.createDirectories(home.resolve("run"));
    Path files = Files.createDirectories(home.resolve("files"));
    Map<String, String> vars = new LinkedHashMap<>();
    pool.varTemplates().forEach((k, v) -> vars.put(k, v.replace("{files}", files.toString())
        .replace("{id}", id).replace("{runRoot}", runRoot.toString())));
    String portalConfig = vars.get("portal_config");
    if (portalConfig != null && portalConfig.startsWith(files.toString())) {
      Path conf = Path.of(portalConfig);
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, "server=" + id + "\n");
    }
    HttpBackend backend = pool.behindHaproxy() ? new HttpBackend(id, host) : null;
    return new FleetServer(id, pool.id(), host, id, n, home, runRoot, files, Map.copyOf(vars), backend);
  }

  public RealSshd sshd() {
    return sshd;
  }

  /** User, port, keys and known_hosts for logging in to every server of the site. */
  @Override
  public SshAccess ssh() {
    return sshd.access();
  }

  /** Runs a command on a server with the {@code ssh} client, strict host keys. */
  @Override
  public ExecResult exec(FleetServer server, String command) {
    return sshd.exec(server.host(), command);
  }

  /**
   * Stops HAProxy, sshd (with its sessions), the HTTP backends and whatever still runs in the site's
   * directory (a detached AutoAction, say), then removes the directory. Fails when a process survives.
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
