package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hides a pool's load balancer behind a few verbs. Technical failures (a socket that does not answer, an
 * error reply) are {@link PoolDriverException}s naming the load balancer, backend and server; nothing is
 * changed on any load balancer of the pool when the failure is found before the first command.
 */
public interface PoolDriver {

  /** Stops new users from reaching the server; users whose session sticks to it still reach it. */
  ActionResult drain(Server server);

  /** Stops all traffic to the server (HAProxy: maint). */
  ActionResult disable(Server server);

  /** Puts the server back; the caller then polls {@link #state} until the status is UP. */
  ActionResult enable(Server server);

  /** Removes the sticky entries that point at the server, so that users who left go elsewhere. */
  ActionResult clearSticky(Server server);

  /** The sessions the load balancers count for the server, summed over all of them. */
  SessionCount sessions(Server server);

  /** The server's state on every load balancer of its pool. */
  ServerState state(Server server);

  /**
   * The state of several servers of this pool; a load balancer that does not answer shows as an error
   * in its {@link LbState} instead of failing the whole call.
   */
  default List<ServerState> states(List<Server> servers) {
    List<ServerState> out = new ArrayList<>();
    for (Server s : servers) {
      try {
        out.add(state(s));
      } catch (PoolDriverException e) {
        out.add(new ServerState(s.id(), s.lbName(), List.of(LbState.error("load balancer", e.getMessage()))));
      }
    }
    return out;
  }

  /**
   * Re-asserts the admin state of every server the agent holds out, e.g. after the load balancer lost
   * its runtime state in a reload. Drivers that keep no runtime state have nothing to fix.
   *
   * @param heldOut the servers the agent holds out, with the state each must be in
   */
  default ReconcileReport reconcile(Map<Server, AdminState> heldOut) {
    return new ReconcileReport(List.of(), List.of());
  }
}
