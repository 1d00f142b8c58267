package io.remoteservice.agent.inventory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated inventory: customers, pools and servers, in file order. Immutable. */
public final class Inventory {

  private final Path source;
  private final Map<String, Customer> customers;
  private final Map<String, Pool> pools;
  private final Map<String, Server> servers;

  Inventory(Path source, List<Customer> customers, List<Pool> pools, List<Server> servers) {
    this.source = source;
    this.customers = index(customers, Customer::id);
    this.pools = index(pools, Pool::id);
    this.servers = index(servers, Server::id);
  }

  /** The inventory used when {@code rsa.inventory} is not set: nothing to maintain. */
  public static Inventory empty() {
    return new Inventory(null, List.of(), List.of(), List.of());
  }

  private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(i -> map.put(id.apply(i), i));
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The file it was read from; empty for the empty inventory. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  public Collection<Customer> customers() {
    return customers.values();
  }

  public Collection<Pool> pools() {
    return pools.values();
  }

  public Collection<Server> servers() {
    return servers.values();
  }

  public Optional<Customer> customer(String id) {
    return Optional.ofNullable(customers.get(id));
  }

  public Optional<Pool> pool(String id) {
    return Optional.ofNullable(pools.get(id));
  }

  public Optional<Server> server(String id) {
    return Optional.ofNullable(servers.get(id));
  }

  /** The servers of a pool, in file order. */
  public List<Server> serversOf(String poolId) {
    return servers.values().stream().filter(s -> s.pool().equals(poolId)).toList();
  }

  /** The pool of a server that is known to be in this inventory. */
  public Pool poolOf(Server server) {
    return pool(server.pool()).orElseThrow(
        () -> new IllegalArgumentException("server " + server.id() + " names unknown pool " + server.pool()));
  }

  @Override
  public String toString() {
    return "Inventory[" + (source == null ? "empty" : source) + ": " + customers.size() + " customers, "
        + pools.size() + " pools, " + servers.size() + " servers]";
  }
}
