package io.remoteservice.agent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes the inventory YAML of DESIGN.md for what the fleet started, so that a test configures the agent
 * exactly as a user would ({@code rsa.inventory}). By default: the ed25519 key, the TCP admin socket of
 * every HAProxy instance; {@link #customize} edits the tree before it is written.
 *
 * <pre>{@code
 * Path inv = site.inventoryWriter().identity(site.ssh().rsaIdentity()).unixSockets()
 *     .customize(t -> ((Map<String, Object>) t.get("ssh")).put("user", "nobody"))
 *     .writeTo(dir.resolve("inventory.yaml"));
 * }</pre>
 */
public final class InventoryWriter {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final SshAccess ssh;
  private final List<PoolSpec> pools;
  private final List<FleetServer> servers;
  private final List<RealHaproxy> loadBalancers;
  private Path identity;
  private Path knownHosts;
  private boolean unixSockets;
  private final List<Consumer<Map<String, Object>>> customizers = new ArrayList<>();

  /**
   * For any set of servers (the simulated fleet builds one too).
   *
   * @param loadBalancers the HAProxy instances whose sockets the haproxy pools list (may be empty)
   */
  public InventoryWriter(SshAccess ssh, List<PoolSpec> pools, List<FleetServer> servers,
      List<RealHaproxy> loadBalancers) {
    this.ssh = ssh;
    this.pools = List.copyOf(pools);
    this.servers = List.copyOf(servers);
    this.loadBalancers = List.copyOf(loadBalancers);
    this.identity = ssh.identity();
    this.knownHosts = ssh.knownHosts();
  }

  /** The private key the inventory names (default: the ed25519 key). */
  public InventoryWriter identity(Path value) {
    this.identity = value;
    return this;
  }

  /** The known_hosts the inventory names (default: the one matching the sshd). */
  public InventoryWriter knownHosts(Path value) {
    this.knownHosts = value;
    return this;
  }

  /** List the Unix admin sockets instead of the TCP ones. */
  public InventoryWriter unixSockets() {
    this.unixSockets = true;
    return this;
  }

  /** Changes the tree (nested LinkedHashMaps and ArrayLists) before it is written. */
  public InventoryWriter customize(Consumer<Map<String, Object>> change) {
    customizers.add(change);
    return this;
  }

  /** The inventory as a tree of maps and lists, in the order of DESIGN.md. */
  public Map<String, Object> tree() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> sshBlock = new LinkedHashMap<>();
    sshBlock.put("user", ssh.user());
    sshBlock.put("port", ssh.port());
    sshBlock.put("identity", identity.toString());
    sshBlock.put("knownHosts", knownHosts.toString());
    root.put("ssh", sshBlock);

    Set<String> customerIds = new LinkedHashSet<>();
    pools.forEach(p -> customerIds.add(p.customer()));
    List<Object> customers = new ArrayList<>();
    for (String c : customerIds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c);
      m.put("name", c.toUpperCase() + " (test fleet)");
      m.put("contacts", new ArrayList<>(List.of("it-admin@" + c + ".example")));
      customers.add(m);
    }
    root.put("customers", customers);

    List<Object> poolList = new ArrayList<>();
    for (PoolSpec p : pools) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("customer", p.customer());
      m.put("driver", p.driver());
      if (p.behindHaproxy()) {
        Map<String, Object> h = new LinkedHashMap<>();
        List<String> sockets = new ArrayList<>();
        for (RealHaproxy lb : loadBalancers) {
          sockets.add(unixSockets ? lb.unixSocket() : lb.tcpSocket());
        }
        h.put("sockets", sockets);
        h.put("backend", p.backend());
        m.put("haproxy", h);
      }
      Map<String, Object> capacity = new LinkedHashMap<>();
      capacity.put("maxUnavailable", p.maxUnavailable());
      capacity.put("minAvailable", p.minAvailable());
      m.put("capacity", capacity);
      Map<String, Object> drain = new LinkedHashMap<>();
      drain.put("timeout", p.drainTimeout().toString());
      drain.put("onTimeout", p.onTimeout());
      drain.put("sessionsOnServer", p.sessionsOnServer());
      m.put("drain", drain);
      poolList.add(m);
    }
    root.put("pools", poolList);

    List<Object> serverList = new ArrayList<>();
    for (FleetServer s : servers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("pool", s.pool());
      m.put("host", s.host());
      m.put("lbName", s.lbName());
      m.put("runRoot", s.runRoot().toString());
      m.put("vars", new LinkedHashMap<>(s.vars()));
      serverList.add(m);
    }
    root.put("servers", serverList);
    customizers.forEach(c -> c.accept(root));
    return root;
  }

  public String yaml() {
    try {
      return YAML.writeValueAsString(tree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the inventory as YAML", e);
    }
  }

  public Path writeTo(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, yaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the inventory " + file, e);
    }
  }
}
