package io.remoteservice.agent.fleet;

/**
 * One server's line of HAProxy's {@code show stat}.
 *
 * @param backend  the backend (proxy) name
 * @param server   the server name
 * @param status   field 18: UP, DOWN, DRAIN, MAINT, "UP 1/2", "no check" ...
 * @param sessions field 5, scur: current sessions on the server
 * @param weight   field 19, the effective weight (0 while draining)
 */
public record ServerStat(String backend, String server, String status, int sessions, int weight) {}
