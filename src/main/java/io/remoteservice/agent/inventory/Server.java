package io.remoteservice.agent.inventory;

import java.util.List;
import java.util.Map;

/**
 * A server to maintain.
 *
 * @param lbName  the server's name in its load balancer's backend (null only in a {@code none} pool)
 * @param runRoot where run directories are made on the server
 * @param ssh     the effective SSH settings (global, then pool, then server)
 * @param vars    the effective vars (global, then pool, then server), feeding job parameters
 */
public record Server(String id, String pool, String host, String lbName, String runRoot, List<String> tags,
                     SshSettings ssh, Map<String, String> vars) {

  public static final String DEFAULT_RUN_ROOT = "/var/tmp/rsa";

  public Server {
    tags = List.copyOf(tags);
    vars = Map.copyOf(vars);
  }
}
