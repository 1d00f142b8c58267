package io.remoteservice.agent.inventory;

import java.time.Duration;
import java.util.List;

/**
 * A pool behind HAProxy: every listed Runtime API socket is a load balancer of the pool (pairs are
 * common) and gets every command.
 *
 * @param sockets {@code tcp:HOST:PORT} or {@code unix:/path/to/admin.sock}, at admin level
 * @param backend the backend that holds the pool's servers
 * @param table   the stick table holding the sticky entries; the backend's own table by default
 * @param timeout how long one socket may take to answer
 */
public record HaproxySettings(List<String> sockets, String backend, String table, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public HaproxySettings {
    sockets = List.copyOf(sockets);
  }
}
