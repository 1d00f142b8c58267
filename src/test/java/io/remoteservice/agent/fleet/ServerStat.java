package io.remoteservice.agent.fleet;

/**
 * One server's line of HAProxy's {@code show stat}.
 *
 * @param backend  the backend (proxy) name
 * @param server   the server name
 * @param status   field 18: UP, DOWN, DRAIN, MAINT, "UP 1/2", "no check" ...
 * @param sessions field 5, scur: current sessions on the server
 * @param weight   field 19, the weight; HAProxy 2.6 keeps showing it in DRAIN (read the status instead)
 */
public record ServerStat(String backend, String server, String status, int sessions, int weight) {}
