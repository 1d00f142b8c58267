package io.remoteservice.agent.pool;

import java.util.List;

/** A server's state on every load balancer of its pool. */
public record ServerState(String serverId, String lbName, List<LbState> lbs) {

  public ServerState {
    lbs = List.copyOf(lbs);
  }

  /** The worst status over the load balancers: the server is only UP when every one says so. */
  public LbStatus status() {
    LbStatus worst = LbStatus.UP;
    if (lbs.isEmpty()) {
      return LbStatus.UNKNOWN;
    }
    for (LbState lb : lbs) {
      worst = worst.worse(lb.status());
    }
    return lbs.stream().allMatch(l -> l.status() == LbStatus.NO_LB) ? LbStatus.NO_LB : worst;
  }

  /** Whether every load balancer reports the server UP (health check passed, admin state ready). */
  public boolean up() {
    return !lbs.isEmpty() && lbs.stream().allMatch(l -> l.status() == LbStatus.UP || l.status() == LbStatus.NO_LB);
  }

  /** Whether any load balancer reports it down, draining or in maintenance. */
  public boolean reportedUnavailable() {
    return lbs.stream().anyMatch(l -> l.status().unavailable());
  }

  /** Sessions summed over the load balancers; null when any of them is unknown. */
  public Integer sessions() {
    int sum = 0;
    for (LbState lb : lbs) {
      if (lb.sessions() == null) {
        return null;
      }
      sum += lb.sessions();
    }
    return sum;
  }

  /** The errors of load balancers that did not answer. */
  public List<String> errors() {
    return lbs.stream().filter(l -> l.error() != null).map(l -> l.lb() + ": " + l.error()).toList();
  }
}
