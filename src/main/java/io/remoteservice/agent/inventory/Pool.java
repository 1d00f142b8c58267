package io.remoteservice.agent.inventory;

import java.util.Map;

/**
 * A load-balanced pool of one customer's servers. Exactly one of haproxy / manual / command is set,
 * matching {@code driver}; none for {@code driver: none}.
 */
public record Pool(String id, String customer, DriverType driver, HaproxySettings haproxy,
                   ManualSettings manual, CommandSettings command, Capacity capacity, DrainPolicy drain,
                   Map<String, String> vars) {

  public Pool {
    vars = Map.copyOf(vars);
  }

  /** Whether a load balancer sends users to the pool's servers. */
  public boolean balanced() {
    return driver != DriverType.NONE;
  }
}
