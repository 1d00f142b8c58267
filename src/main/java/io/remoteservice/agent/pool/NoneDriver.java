package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.util.List;

/** Servers outside any load balancer: every verb succeeds at once and says there was nothing to do. */
final class NoneDriver implements PoolDriver {

  private final Pool pool;

  NoneDriver(Pool pool) {
    this.pool = pool;
  }

  private ActionResult nothing(String verb, Server server) {
    return ActionResult.nothingToDo(verb + " " + server.id() + ": pool " + pool.id()
        + " has no load balancer (driver none), nothing to do");
  }

  @Override
  public ActionResult drain(Server server) {
    return nothing("drain", server);
  }

  @Override
  public ActionResult disable(Server server) {
    return nothing("disable", server);
  }

  @Override
  public ActionResult enable(Server server) {
    return nothing("enable", server);
  }

  @Override
  public ActionResult clearSticky(Server server) {
    return nothing("clearSticky", server);
  }

  @Override
  public SessionCount sessions(Server server) {
    return new SessionCount(0, "no load balancer (driver none)");
  }

  @Override
  public ServerState state(Server server) {
    return new ServerState(server.id(), server.lbName(),
        List.of(new LbState("none", LbStatus.NO_LB, "no load balancer", 0, null, null)));
  }
}
