package io.remoteservice.agent.pool;

/** The state the agent puts a server into on its load balancer. */
public enum AdminState {
  /** No new users; sticky users still come. */
  DRAIN,
  /** No traffic at all. */
  MAINT
}
