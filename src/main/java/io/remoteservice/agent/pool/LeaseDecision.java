package io.remoteservice.agent.pool;

/**
 * The answer to a capacity request.
 *
 * @param granted           whether the server may be taken out
 * @param reason            why, in words an operator understands
 * @param poolSize          servers in the pool
 * @param unavailableBefore servers unavailable before (held out by the agent or reported down by the
 *                          load balancer)
 * @param unavailableAfter  servers unavailable if granted
 * @param maxUnavailable    the pool's limit, resolved to a count
 * @param minAvailable      the pool's minimum in service
 * @param lease             the lease when granted; null otherwise
 */
public record LeaseDecision(boolean granted, String reason, int poolSize, int unavailableBefore,
                            int unavailableAfter, int maxUnavailable, int minAvailable, Lease lease) {}
