package io.remoteservice.agent.fleet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link RealSite} consists of: its pools (each with its servers) and how many HAProxy instances
 * serve the pools (several load balancers per pool: each instance has every backend).
 *
 * <pre>{@code
 * Layout.pool("portal", 3)                                   // one HAProxy pool of 3 servers
 * Layout.of(PoolSpec.haproxy("portal", 3).capacity("1", 2),
 *           PoolSpec.none("batch", 2)).loadBalancers(2)
 * }</pre>
 */
public final class Layout {

  private final List<PoolSpec> pools;
  private int loadBalancers = 1;

  private Layout(List<PoolSpec> pools) {
    Set<String> ids = new HashSet<>();
    for (PoolSpec p : pools) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("pool " + p.id() + " is given twice");
      }
    }
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("a layout needs at least one pool");
    }
    this.pools = List.copyOf(pools);
  }

  public static Layout of(PoolSpec... pools) {
    return new Layout(List.of(pools));
  }

  /** One HAProxy pool with {@code servers} servers. */
  public static Layout pool(String id, int servers) {
    return of(PoolSpec.haproxy(id, servers));
  }

  /** A copy with one more pool. */
  public Layout and(PoolSpec pool) {
    List<PoolSpec> more = new ArrayList<>(pools);
    more.add(pool);
    Layout l = new Layout(more);
    l.loadBalancers = loadBalancers;
    return l;
  }

  /** Start {@code n} HAProxy instances with the same backends (default 1). */
  public Layout loadBalancers(int n) {
    if (n < 1 || n > 5) {
      throw new IllegalArgumentException("1 to 5 load balancers, not " + n);
    }
    this.loadBalancers = n;
    return this;
  }

  public List<PoolSpec> pools() {
    return pools;
  }

  public int loadBalancers() {
    return loadBalancers;
  }

  int serverCount() {
    return pools.stream().mapToInt(PoolSpec::servers).sum();
  }

  boolean needsHaproxy() {
    return pools.stream().anyMatch(PoolSpec::behindHaproxy);
  }
}
