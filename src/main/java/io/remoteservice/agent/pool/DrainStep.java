package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * One round of the drain loop; the process calls it on a timer until it is not {@code NOT_YET}. Each
 * round clears the server's sticky entries on every load balancer (users who left go elsewhere when
 * they come back; entries still in use are refused and cleared on a later round), then counts sessions.
 */
@Service
public class DrainStep {

  /** Counts users logged on to the server itself ({@code who} on Linux, over SSH); given by the caller. */
  @FunctionalInterface
  public interface LoggedOnUsers {
    int count(Server server);
  }

  private final PoolDrivers drivers;
  private final Supplier<Inventory> inventory;
  private final Clock clock;

  @Autowired
  public DrainStep(PoolDrivers drivers, InventoryService inventory) {
    this(drivers, inventory::current, Clock.systemUTC());
  }

  DrainStep(PoolDrivers drivers, Supplier<Inventory> inventory, Clock clock) {
    this.drivers = drivers;
    this.inventory = inventory;
    this.clock = clock;
  }

  /** The pool's drain policy with the job's overrides applied (null keeps the pool's value). */
  public DrainPolicy effectivePolicy(String serverId, Duration jobTimeout, DrainPolicy.OnTimeout jobOnTimeout) {
    return pool(server(serverId)).drain().overriddenBy(jobTimeout, jobOnTimeout);
  }

  /**
   * One round.
   *
   * @param startedAt when the server was put into drain
   * @param users     counts users on the server; required when the pool's {@code sessionsOnServer} is true
   */
  public DrainCheck check(String serverId, DrainPolicy policy, Instant startedAt, LoggedOnUsers users) {
    Server server = server(serverId);
    PoolDriver driver = drivers.forPool(pool(server));
    Duration elapsed = Duration.between(startedAt, clock.instant());
    ActionResult cleared = driver.clearSticky(server);
    if (cleared.kind() == ActionResult.Kind.PERSON_MUST_ACT) {
      return new DrainCheck(DrainCheck.Outcome.PERSON_MUST_ACT, null, null, elapsed, null, List.of(), cleared.step());
    }
    List<String> notes = new ArrayList<>(cleared.notes());
    SessionCount sessions = driver.sessions(server);
    Integer users0 = null;
    if (policy.sessionsOnServer()) {
      if (users == null) {
        throw new IllegalArgumentException("pool " + server.pool() + " counts users on the server"
            + " (drain.sessionsOnServer) but no counter was given for " + serverId);
      }
      users0 = users.count(server);
    }
    return DrainCheck.decide(sessions.count(), users0, policy.sessionsOnServer(), elapsed, policy, notes);
  }

  private Server server(String serverId) {
    return inventory.get().server(serverId).orElseThrow(
        () -> new IllegalArgumentException("server '" + serverId + "' is not in the inventory"));
  }

  private Pool pool(Server server) {
    return inventory.get().poolOf(server);
  }
}
