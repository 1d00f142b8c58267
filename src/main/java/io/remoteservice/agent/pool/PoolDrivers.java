package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Pool;
import org.springframework.stereotype.Component;

/** Picks the driver a pool declares. Drivers are cheap and stateless, so one is made per call. */
@Component
public class PoolDrivers {

  public PoolDriver forPool(Pool pool) {
    return switch (pool.driver()) {
      case HAPROXY -> new HaproxyDriver(pool);
      case MANUAL -> new ManualDriver(pool);
      case COMMAND -> new CommandDriver(pool);
      case NONE -> new NoneDriver(pool);
    };
  }
}
