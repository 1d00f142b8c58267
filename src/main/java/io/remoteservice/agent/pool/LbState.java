package io.remoteservice.agent.pool;

/**
 * A server as one load balancer sees it.
 *
 * @param lb        the load balancer (its socket address, or a description)
 * @param status    reduced status; UNKNOWN with {@code error} set when the balancer did not answer
 * @param rawStatus the status as the balancer wrote it
 * @param sessions  current sessions (HAProxy scur); null when unknown
 * @param weight    current weight; null when unknown
 * @param error     why the state is unknown; null when known
 */
public record LbState(String lb, LbStatus status, String rawStatus, Integer sessions, Integer weight, String error) {

  static LbState error(String lb, String error) {
    return new LbState(lb, LbStatus.UNKNOWN, null, null, null, error);
  }
}
