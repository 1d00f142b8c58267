package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.util.List;

/**
 * A load balancer with only a GUI (such as a pool console where a server is (de)selected with a pencil
 * icon): every verb describes what a person must do there. The process turns the step into a user task.
 */
final class ManualDriver implements PoolDriver {

  private static final String POWERED_OFF = " If the server is powered off, the console may show an error"
      + " because it cannot reach the server to change it: ignore it, the server is out of the pool all the"
      + " same and users who log on again go to the other servers.";

  private final Pool pool;

  ManualDriver(Pool pool) {
    this.pool = pool;
  }

  private ManualStep step(Server server, String verb, String action) {
    return new ManualStep(verb, pool.id(), server.id(), server.lbName(), server.host(), pool.manual().console(),
        pool.manual().instructions(), action);
  }

  private String which(Server server) {
    return "'" + server.lbName() + "' (server " + server.id() + ", " + server.host() + ") in pool " + pool.id();
  }

  @Override
  public ActionResult drain(Server server) {
    return ActionResult.personMustAct(step(server, "drain", "Open " + pool.manual().console() + " and deselect "
        + which(server) + ", then save, so that no new users reach it. Users already logged on stay until they"
        + " log off." + POWERED_OFF));
  }

  @Override
  public ActionResult disable(Server server) {
    return ActionResult.personMustAct(step(server, "disable", "Make sure " + which(server) + " is deselected in "
        + pool.manual().console() + " and saved, and that no user is still logged on to it." + POWERED_OFF));
  }

  @Override
  public ActionResult enable(Server server) {
    return ActionResult.personMustAct(step(server, "enable", "Open " + pool.manual().console() + ", select "
        + which(server) + " again and save; then check that the console shows it available."));
  }

  @Override
  public ActionResult clearSticky(Server server) {
    return ActionResult.personMustAct(step(server, "clearSticky", "In " + pool.manual().console() + ", clear"
        + " the sticky sessions (reuse of existing sessions) of " + which(server) + " once its users are"
        + " disconnected or it is shut down, so that returning users go to other servers."));
  }

  @Override
  public SessionCount sessions(Server server) {
    return new SessionCount(null, "the load balancer of pool " + pool.id() + " has only a GUI ("
        + pool.manual().console() + "): a person checks the sessions of " + server.lbName());
  }

  @Override
  public ServerState state(Server server) {
    // Not an error: the state is simply not machine-readable; a person checks it in the console.
    return new ServerState(server.id(), server.lbName(), List.of(new LbState(pool.manual().console(),
        LbStatus.UNKNOWN, "GUI only: a person checks " + server.lbName() + " in the console", null, null, null)));
  }
}
