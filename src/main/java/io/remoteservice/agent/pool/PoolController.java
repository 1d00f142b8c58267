package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pools for operators, approvers and auditors: limits, leases and each server's live state as its load
 * balancers report it. SSH settings are left out entirely, so no key material or key path is shown.
 */
@RestController
@RequestMapping(path = "/api/pools", produces = "application/json")
class PoolController {

  private final Supplier<Inventory> inventory;
  private final PoolDrivers drivers;
  private final CapacityGuard capacity;

  @Autowired
  PoolController(InventoryService inventory, PoolDrivers drivers, CapacityGuard capacity) {
    this(inventory::current, drivers, capacity);
  }

  PoolController(Supplier<Inventory> inventory, PoolDrivers drivers, CapacityGuard capacity) {
    this.inventory = inventory;
    this.drivers = drivers;
    this.capacity = capacity;
  }

  record CapacityView(String maxUnavailable, int maxUnavailableServers, int minAvailable, int servers,
                      int unavailable, int leased) {}

  record DrainView(String timeout, String onTimeout, boolean sessionsOnServer, boolean shutdownSessions) {}

  record LeaseView(String serverId, String owner, String acquiredAt) {}

  record ServerView(String id, String lbName, String host, List<String> tags, String status, boolean up,
                    Integer sessions, List<LbState> loadBalancers, List<String> errors) {}

  record PoolView(String id, String customer, String driver, String console, CapacityView capacity,
                  DrainView drain, List<LeaseView> leases, List<ServerView> servers) {}

  @GetMapping
  List<PoolView> pools() {
    Inventory inv = inventory.get();
    return inv.pools().stream().map(p -> view(inv, p)).toList();
  }

  @GetMapping("/{id}")
  ResponseEntity<?> pool(@PathVariable String id) {
    Inventory inv = inventory.get();
    return inv.pool(id).<ResponseEntity<?>>map(p -> ResponseEntity.ok(view(inv, p)))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
            "no pool '" + id + "' in the inventory; known pools: " + inv.pools().stream().map(Pool::id).toList())));
  }

  private PoolView view(Inventory inv, Pool pool) {
    List<Server> servers = inv.serversOf(pool.id());
    List<ServerState> states = drivers.forPool(pool).states(servers);
    List<Lease> leases = capacity.leases(pool.id());
    List<ServerView> serverViews = new java.util.ArrayList<>();
    int unavailable = 0;
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      ServerState st = states.get(i);
      boolean leased = leases.stream().anyMatch(l -> l.serverId().equals(s.id()));
      if (leased || st.reportedUnavailable()) {
        unavailable++;
      }
      serverViews.add(new ServerView(s.id(), s.lbName(), s.host(), s.tags(), st.status().name(), st.up(),
          st.sessions(), st.lbs(), st.errors()));
    }
    int size = servers.size();
    return new PoolView(pool.id(), pool.customer(), pool.driver().yamlName(),
        pool.manual() == null ? null : pool.manual().console(),
        new CapacityView(pool.capacity().maxUnavailable().toString(), pool.capacity().maxUnavailable().of(size),
            pool.capacity().minAvailable(), size, unavailable, leases.size()),
        new DrainView(pool.drain().timeout().toString(), pool.drain().onTimeout().yamlName(),
            pool.drain().sessionsOnServer(), pool.drain().shutdownSessions()),
        leases.stream().map(l -> new LeaseView(l.serverId(), l.owner(), l.acquiredAt().toString())).toList(),
        serverViews);
  }
}
