package io.remoteservice.agent.pool;

import java.time.OffsetDateTime;

/** A server the agent holds out of its pool, on behalf of one owner (a process instance id). */
public record Lease(String poolId, String serverId, String owner, OffsetDateTime acquiredAt) {}
