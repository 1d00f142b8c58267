package io.remoteservice.agent.pool;

/**
 * Sessions a load balancer counts for a server.
 *
 * @param count  summed over the pool's load balancers; null when the driver cannot know (manual)
 * @param detail per load balancer, or why it is unknown
 */
public record SessionCount(Integer count, String detail) {

  public boolean known() {
    return count != null;
  }
}
