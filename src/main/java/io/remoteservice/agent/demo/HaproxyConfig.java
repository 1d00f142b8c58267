package io.remoteservice.agent.demo;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The configuration of a private HAProxy in front of simulated servers, as the demo and the test fleet run
 * it: per pool a frontend and a backend (round robin, HTTP health checks on {@code /health}, a stick table
 * with {@code stick on src}, servers with pinned ids so that {@code data.server_id eq N} names them), and
 * admin sockets at level admin for the agent's {@code haproxy} driver.
 *
 * @param adminSockets the {@code stats socket} arguments, e.g. {@code ipv4@127.0.0.1:9999 level admin}
 * @param checkMillis  the health-check interval of every server
 * @param backends     one per pool
 */
public record HaproxyConfig(List<String> adminSockets, long checkMillis, List<Backend> backends) {

  /**
   * @param pool     the pool's id; its frontend is {@code fe_<pool>}
   * @param name     the backend's name ({@code be_<pool>}), which is also its stick table
   * @param frontend where the pool's users connect
   * @param members  its servers
   */
  public record Backend(String pool, String name, InetSocketAddress frontend, List<Member> members) {}

  /**
   * @param name    the server's name in the backend (the inventory's {@code lbName})
   * @param address the server's HTTP service
   * @param id      its pinned id ({@code id N})
   */
  public record Member(String name, InetSocketAddress address, int id) {}

  public HaproxyConfig {
    adminSockets = List.copyOf(adminSockets);
    backends = List.copyOf(backends);
    if (checkMillis < 100) {
      throw new IllegalArgumentException("a health-check interval under 100 ms keeps HAProxy busy: " + checkMillis);
    }
  }

  /** The haproxy.cfg text. */
  public String text() {
    StringBuilder c = new StringBuilder("global\n");
    adminSockets.forEach(s -> c.append("  stats socket ").append(s).append('\n'));
    c.append("  stats timeout 2m\n")
        .append("  maxconn 4000\n")
        .append("defaults\n")
        .append("  mode http\n")
        .append("  timeout connect 2s\n")
        .append("  timeout client 10m\n")
        .append("  timeout server 10m\n")
        .append("  timeout http-request 10s\n")
        .append("  timeout check 2s\n");
    for (Backend b : backends) {
      c.append("frontend fe_").append(b.pool()).append('\n')
          .append("  bind ").append(hostPort(b.frontend())).append('\n')
          .append("  default_backend ").append(b.name()).append('\n')
          .append("backend ").append(b.name()).append('\n')
          .append("  balance roundrobin\n")
          .append("  stick-table type ip size 100k expire 30m\n")
          .append("  stick on src\n")
          .append("  option httpchk GET /health\n")
          .append("  http-check expect status 200\n")
          .append("  default-server inter ").append(checkMillis).append("ms fastinter ")
          .append(Math.max(100, checkMillis / 2)).append("ms downinter ").append(checkMillis)
          .append("ms rise 1 fall 2\n");
      for (Member m : b.members()) {
        c.append("  server ").append(m.name()).append(' ').append(hostPort(m.address()))
            .append(" id ").append(m.id()).append(" check\n");
      }
    }
    return c.toString();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
