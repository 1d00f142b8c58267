package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grants capacity leases within each pool's {@code maxUnavailable} and {@code minAvailable}. A server is
 * unavailable when the agent holds it out (a lease) or a load balancer reports it down, draining or in
 * maintenance for any other reason. The count and the insert run in one transaction under the pool's
 * lock row, so the limits hold across threads and across agent nodes on one database.
 *
 * <p>Transactions are programmatic: a lease request joins the caller's transaction when there is one
 * (the engine's, so a lease commits or rolls back with the process state), while the lock row is created
 * in a transaction of its own, because a unique-key race inside the caller's transaction would abort it
 * on PostgreSQL.
 */
@Service
public class CapacityGuard {

  private static final Logger log = LoggerFactory.getLogger(CapacityGuard.class);
  private static final RowMapper<Lease> LEASE = (rs, i) -> new Lease(rs.getString("pool_id"),
      rs.getString("server_id"), rs.getString("owner"), rs.getObject("acquired_at", OffsetDateTime.class));
  private static final String COLUMNS = "pool_id, server_id, owner, acquired_at";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final TransactionTemplate ownTx;
  private final Supplier<Inventory> inventory;
  private final PoolDrivers drivers;
  private final Clock clock;

  @Autowired
  public CapacityGuard(JdbcTemplate jdbc, PlatformTransactionManager transactions, InventoryService inventory,
                       PoolDrivers drivers) {
    this(jdbc, transactions, inventory::current, drivers, Clock.systemUTC());
  }

  CapacityGuard(JdbcTemplate jdbc, PlatformTransactionManager transactions, Supplier<Inventory> inventory,
                PoolDrivers drivers, Clock clock) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.ownTx = new TransactionTemplate(transactions);
    this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.inventory = inventory;
    this.drivers = drivers;
    this.clock = clock;
  }

  /**
   * Asks the pool's load balancers which servers are down for other reasons, then decides.
   *
   * @throws PoolDriverException when a load balancer does not answer: capacity cannot be judged then
   */
  public LeaseDecision acquire(String serverId, String owner) {
    Server server = server(serverId);
    Pool pool = inventory.get().poolOf(server);
    List<Server> servers = inventory.get().serversOf(pool.id());
    Set<String> down = new TreeSet<>();
    for (ServerState state : drivers.forPool(pool).states(servers)) {
      if (!state.errors().isEmpty()) {
        throw new PoolDriverException("cannot judge the capacity of pool " + pool.id() + ": " + state.errors());
      }
      if (state.reportedUnavailable()) {
        down.add(state.serverId());
      }
    }
    return acquire(serverId, owner, down);
  }

  /**
   * Grants a lease when taking the server out keeps the pool within both limits. Idempotent: the same
   * owner asking again for the same server gets its lease back.
   *
   * @param lbUnavailable servers of the pool the load balancers report down, draining or in maintenance
   */
  public LeaseDecision acquire(String serverId, String owner, Set<String> lbUnavailable) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("a capacity lease needs an owner (the process instance id)");
    }
    Server server = server(serverId);
    Pool pool = inventory.get().poolOf(server);
    ensureLockRow(pool.id());
    LeaseDecision decision = tx.execute(status -> decide(server, pool, owner, lbUnavailable));
    log.info("capacity {} for server {} (pool {}, owner {}): {}", decision.granted() ? "granted" : "refused",
        serverId, pool.id(), owner, decision.reason());
    return decision;
  }

  private LeaseDecision decide(Server server, Pool pool, String owner, Set<String> lbUnavailable) {
    jdbc.queryForObject("SELECT pool_id FROM rsa_pool_lock WHERE pool_id = ? FOR UPDATE", String.class, pool.id());
    Set<String> members = new TreeSet<>();
    inventory.get().serversOf(pool.id()).forEach(s -> members.add(s.id()));
    int size = members.size();
    int max = pool.capacity().maxUnavailable().of(size);
    int min = pool.capacity().minAvailable();
    List<Lease> held = jdbc.query("SELECT " + COLUMNS + " FROM rsa_capacity_lease WHERE server_id = ?", LEASE,
        server.id());
    Set<String> unavailable = new TreeSet<>();
    jdbc.query("SELECT server_id FROM rsa_capacity_lease WHERE pool_id = ?",
        rs -> {
          unavailable.add(rs.getString(1));
        }, pool.id());
    lbUnavailable.stream().filter(members::contains).forEach(unavailable::add);
    int before = unavailable.size();
    if (!held.isEmpty()) {
      Lease lease = held.get(0);
      boolean mine = lease.owner().equals(owner);
      return new LeaseDecision(mine, mine ? "already held by this owner" : server.id() + " is already held out by "
          + lease.owner(), size, before, before, max, min, mine ? lease : null);
    }
    unavailable.add(server.id());
    int after = unavailable.size();
    if (after > max) {
      return new LeaseDecision(false, "taking " + server.id() + " out would make " + after + " of " + size
          + " servers unavailable; maxUnavailable " + pool.capacity().maxUnavailable() + " allows " + max
          + " (unavailable now: " + withoutSelf(unavailable, server.id()) + ")", size, before, after, max, min, null);
    }
    if (size - after < min) {
      return new LeaseDecision(false, "taking " + server.id() + " out would leave " + (size - after) + " of " + size
          + " servers in service; minAvailable is " + min + " (unavailable now: "
          + withoutSelf(unavailable, server.id()) + ")", size, before, after, max, min, null);
    }
    Lease lease = new Lease(pool.id(), server.id(), owner, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    jdbc.update("INSERT INTO rsa_capacity_lease (" + COLUMNS + ") VALUES (?, ?, ?, ?)", lease.poolId(),
        lease.serverId(), lease.owner(), lease.acquiredAt());
    return new LeaseDecision(true, after + " of " + size + " servers unavailable with this one (maxUnavailable "
        + max + ", minAvailable " + min + ")", size, before, after, max, min, lease);
  }

  private static Set<String> withoutSelf(Set<String> unavailable, String self) {
    Set<String> others = new TreeSet<>(unavailable);
    others.remove(self);
    return others;
  }

  private void ensureLockRow(String poolId) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM rsa_pool_lock WHERE pool_id = ?", Integer.class, poolId);
    if (n != null && n > 0) {
      return;
    }
    try {
      ownTx.executeWithoutResult(s -> jdbc.update("INSERT INTO rsa_pool_lock (pool_id) VALUES (?)", poolId));
    } catch (DuplicateKeyException e) {
      // another thread or node created it first: that is all we needed
    }
  }

  /** Releases the owner's lease of the server; false when it held none. */
  public boolean release(String serverId, String owner) {
    int n = jdbc.update("DELETE FROM rsa_capacity_lease WHERE server_id = ? AND owner = ?", serverId, owner);
    if (n > 0) {
      log.info("capacity released for server {} (owner {})", serverId, owner);
    }
    return n > 0;
  }

  /** Releases every lease of an owner (completion, cancellation, abort); returns how many. */
  public int releaseAll(String owner) {
    int n = jdbc.update("DELETE FROM rsa_capacity_lease WHERE owner = ?", owner);
    if (n > 0) {
      log.info("capacity: released {} lease(s) of owner {}", n, owner);
    }
    return n;
  }

  /**
   * Passes a lease to another owner, e.g. from a failed server's maintenance to its manual-access
   * follow-up, without the server ever counting as free in between.
   *
   * @return false when {@code from} did not hold the server
   */
  public boolean transfer(String serverId, String from, String to) {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("a capacity lease needs an owner to pass to");
    }
    int n = jdbc.update("UPDATE rsa_capacity_lease SET owner = ? WHERE server_id = ? AND owner = ?", to, serverId,
        from);
    if (n > 0) {
      log.info("capacity lease of server {} passed from {} to {}", serverId, from, to);
    }
    return n > 0;
  }

  /** The leases of a pool, oldest first. */
  public List<Lease> leases(String poolId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM rsa_capacity_lease WHERE pool_id = ? ORDER BY acquired_at, server_id",
        LEASE, poolId);
  }

  /** Every lease, oldest first. */
  public List<Lease> leases() {
    return jdbc.query("SELECT " + COLUMNS + " FROM rsa_capacity_lease ORDER BY acquired_at, server_id", LEASE);
  }

  /**
   * Releases the leases whose owner no longer exists, so that a crash never leaks capacity.
   *
   * @param liveOwners     the owners that still exist (running process instances)
   * @param acquiredBefore only leases older than this are released, so that an owner that started after
   *                       the caller listed the live ones keeps its lease
   * @return the released leases
   */
  public List<Lease> cleanup(Set<String> liveOwners, Instant acquiredBefore) {
    List<Lease> released = new ArrayList<>();
    for (Lease lease : leases()) {
      if (!liveOwners.contains(lease.owner()) && lease.acquiredAt().toInstant().isBefore(acquiredBefore)
          && release(lease.serverId(), lease.owner())) {
        released.add(lease);
        log.warn("capacity lease of server {} released: its owner {} no longer exists", lease.serverId(),
            lease.owner());
      }
    }
    return released;
  }

  private Server server(String serverId) {
    return inventory.get().server(serverId).orElseThrow(
        () -> new IllegalArgumentException("server '" + serverId + "' is not in the inventory"));
  }
}
