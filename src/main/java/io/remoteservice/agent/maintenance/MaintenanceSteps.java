package io.remoteservice.agent.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the {@code server-maintenance} process asks of the domain, one method per service task. Joins the
 * inventory, the job packages, SSH and the pool drivers; knows nothing of the engine. Every method is
 * safe to call again with the same arguments (a job executor retries after a crash): a run that was
 * started is found and not started twice, a lease that is held is not taken twice.
 *
 * <p>Business outcomes are return values or {@link MaintenanceRefusal}; technical faults (a dropped
 * connection, a load balancer that does not answer) are other exceptions, which the engine retries.
 */
public interface MaintenanceSteps {

  /**
   * Everything that can be checked while the server still serves users: the server and job exist, the
   * host is reachable with a known host key, the platform, the variant, the upload into the run
   * directory and its digest equal to {@code approvedDigest}. Nothing outside the run directory changes.
   *
   * @throws MaintenanceRefusal with the reason when the server must not be touched (ends NOT_CHANGED)
   */
  Preflight preflight(String serverId, String jobId, String approvedDigest, String runId);

  /** @param owner the process instance that holds the lease */
  Capacity acquireCapacity(String serverId, String owner);

  void releaseCapacity(String serverId, String owner);

  /** Hands a held lease to another owner (a failed server's lease passes to its follow-up). */
  void transferCapacity(String serverId, String fromOwner, String toOwner);

  /** A pool verb (drain, disable, enable) on every load balancer of the server's pool. */
  PoolStep poolStep(String serverId, PoolVerb verb);

  /**
   * One round of the drain loop: clear the server's sticky entries, count its sessions (and, where the
   * pool asks for it, the users logged on to the server itself) and decide by the effective policy.
   */
  DrainRound drainRound(String serverId, String jobId, Instant drainStartedAt);

  /** Whether every load balancer reports the server UP (health check passed). */
  boolean isUp(String serverId);

  /** Starts the AutoAction detached (idempotent for the run id). */
  RunState startAutoAction(String serverId, String jobId, String runId);

  /**
   * Polls the AutoAction; past the job's timeout it kills the run's process group and reports a
   * timed-out, failed run.
   */
  RunState pollAutoAction(String serverId, String jobId, String runId, Instant startedAt);

  /** Starts FailureRevert detached in the same run directory (idempotent for the run id). */
  RunState startFailureRevert(String serverId, String jobId, String runId, Integer autoActionExit);

  RunState pollFailureRevert(String serverId, String jobId, String runId, Instant startedAt);

  /** The job's health check, if it has one (a missing check is healthy). Bounded by its own timeout. */
  Health healthCheck(String serverId, String jobId, String runId);

  enum PoolVerb { DRAIN, DISABLE, ENABLE }

  /**
   * @param poolId      the server's pool
   * @param customerId  the pool's customer
   * @param platform    {@code os-release-arch} as probed
   * @param variant     the AutoAction variant that will run (file name)
   * @param revertVariant the FailureRevert variant, or null when the package has none for this server
   * @param jobVersion  the manifest's version
   * @param digest      the digest that was verified on the server (equals the approved one)
   * @param runDir      the run directory on the server
   * @param balanced    false for pools with driver {@code none}: no load balancer to take it out of
   */
  record Preflight(String poolId, String customerId, String platform, String variant, String revertVariant,
      String jobVersion, String digest, String runDir, boolean balanced) {}

  record Capacity(boolean granted, String reason) {}

  /**
   * @param personMustAct a person must do this step (manual driver); {@code instructions} says what
   * @param summary       one line for the history
   */
  record PoolStep(boolean personMustAct, String summary, String instructions, List<String> notes) {}

  /** @param state DRAINED, NOT_YET, TIMED_OUT or PERSON_MUST_ACT; {@code onTimeout} ask, proceed or abort */
  record DrainRound(String state, Integer sessions, String onTimeout, String instructions, Duration elapsed) {}

  /**
   * @param ended     false while the program runs
   * @param succeeded the judged outcome (exit code, markers, timeout); null while running
   * @param exitCode  null while running or when killed without one
   * @param reason    why it failed, for people; null on success
   * @param reported  the program said {@code RSA-REPORTED: yes}
   * @param output    stdout and stderr, bounded (head and tail) for process variables: at most 3,000 chars
   * @param fullOutput stdout and stderr, bounded as the remote layer keeps them (for the report)
   * @param startedAt when the program started on the server
   */
  record RunState(boolean ended, Boolean succeeded, Integer exitCode, String reason, boolean reported,
      String output, String fullOutput, Instant startedAt) {}

  record Health(boolean healthy, String output) {}
}
