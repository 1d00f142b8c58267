package io.remoteservice.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened on one server in one {@code server-maintenance} run: the history record auditors review
 * and the source of the customer's notice. One per process instance; recording it again replaces it.
 *
 * <p>Long texts are bounded on construction (outputs {@value Texts#OUTPUT_LIMIT} characters, head and
 * tail; reasons and step results {@value Texts#SHORT_LIMIT}) and private key blocks are removed from
 * them, so no caller can store an unbounded output or a key by accident. There is deliberately no field
 * for SSH settings, key paths or environment values.
 *
 * @param processInstanceId  the {@code server-maintenance} process instance (the key)
 * @param campaignId         the campaign's id (its process instance id), null when started directly
 * @param poolId             null only when the server was unknown to the inventory
 * @param customerId         null only when the server was unknown to the inventory
 * @param jobVersion         the manifest's version, null when the job was not found
 * @param digest             the digest verified on the server (or the approved one when it never got there)
 * @param platform           {@code os-release-arch} as probed, null when the probe did not run
 * @param variant            the AutoAction file that ran (or would have), e.g. {@code AutoAction.debian.sh}
 * @param revertVariant      the FailureRevert file, null when none applies
 * @param reason             why it did not succeed, for people; null on success
 * @param autoActionExit     null when the AutoAction did not run or ended without an exit code
 * @param autoActionOutput   stdout and stderr of the AutoAction, bounded
 * @param revertExit         FailureRevert's exit code, null when it did not run
 * @param revertOutput       FailureRevert's output, bounded
 * @param reverted           FailureRevert restored the server (true exactly when the outcome is REVERTED)
 * @param reportedByAutoAction the AutoAction printed {@code RSA-REPORTED: yes}: no notice from the agent
 * @param followUpInstanceId the {@code manual-access} process instance started for this server, if any
 * @param steps              the steps in the order they ran
 */
public record ServerReport(String processInstanceId, String campaignId, String serverId, String poolId,
    String customerId, String jobId, String jobVersion, String digest, String platform, String variant,
    String revertVariant, Outcome outcome, String reason, Integer autoActionExit, String autoActionOutput,
    Integer revertExit, String revertOutput, boolean reverted, boolean reportedByAutoAction,
    String followUpInstanceId, Instant startedAt, Instant endedAt, List<Step> steps) {

  /** The outcomes of {@code server-maintenance}, as its {@code outcome} variable names them. */
  public enum Outcome {
    SUCCEEDED, REVERTED, REVERT_FAILED, SKIPPED, NOT_CHANGED;

    /** Whether the server was changed and the change failed (the failure budget counts these). */
    public boolean failed() {
      return this == REVERTED || this == REVERT_FAILED;
    }

    /** Reads the process variable's value; an unknown value is an error naming the known ones. */
    public static Outcome parse(String value) {
      for (Outcome o : values()) {
        if (o.name().equals(value)) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown outcome '" + value + "'; known: " + List.of(values()));
    }
  }

  /**
   * One step of the run, e.g. {@code ("Run AutoAction", "Task_RunAutoAction", ...)}.
   *
   * @param activityId the BPMN activity id, null for steps outside the diagram
   * @param endedAt    null when the step did not end (the run stopped in it)
   * @param result     a short text for people ("drained after 3 rounds", "exit 0"), bounded
   */
  public record Step(String name, String activityId, Instant startedAt, Instant endedAt, String result) {
    public Step {
      name = Texts.required(name, "name", "report step", 255);
      activityId = Texts.optional(activityId, "activityId", "report step " + name, 255);
      if (startedAt == null) {
        throw new IllegalArgumentException("report step " + name + ": startedAt is missing");
      }
      if (endedAt != null && endedAt.isBefore(startedAt)) {
        throw new IllegalArgumentException("report step " + name + ": endedAt " + endedAt
            + " is before startedAt " + startedAt);
      }
      result = Texts.bounded(result, Texts.SHORT_LIMIT);
    }

    /** Null while the step has not ended. */
    public Duration duration() {
      return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }
  }

  public ServerReport {
    String context = "server report for process instance " + processInstanceId;
    processInstanceId = Texts.required(processInstanceId, "processInstanceId", "server report", 64);
    campaignId = Texts.optional(campaignId, "campaignId", context, 64);
    serverId = Texts.required(serverId, "serverId", context, 255);
    poolId = Texts.optional(poolId, "poolId", context, 64);
    customerId = Texts.optional(customerId, "customerId", context, 64);
    jobId = Texts.required(jobId, "jobId", context, 255);
    jobVersion = Texts.optional(jobVersion, "jobVersion", context, 64);
    digest = Texts.optional(digest, "digest", context, 128);
    platform = Texts.optional(platform, "platform", context, 255);
    variant = Texts.optional(variant, "variant", context, 255);
    revertVariant = Texts.optional(revertVariant, "revertVariant", context, 255);
    followUpInstanceId = Texts.optional(followUpInstanceId, "followUpInstanceId", context, 64);
    if (outcome == null) {
      throw new IllegalArgumentException(context + ": outcome is missing; one of " + List.of(Outcome.values()));
    }
    if (reverted != (outcome == Outcome.REVERTED)) {
      throw new IllegalArgumentException(context + ": reverted is " + reverted + " but the outcome is " + outcome
          + "; a server counts as reverted exactly when the outcome is REVERTED");
    }
    if (startedAt == null || endedAt == null) {
      throw new IllegalArgumentException(context + ": startedAt and endedAt are required (got " + startedAt
          + ", " + endedAt + ")");
    }
    if (endedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(context + ": endedAt " + endedAt + " is before startedAt " + startedAt);
    }
    reason = Texts.bounded(reason, Texts.SHORT_LIMIT);
    autoActionOutput = Texts.bounded(autoActionOutput, Texts.OUTPUT_LIMIT);
    revertOutput = Texts.bounded(revertOutput, Texts.OUTPUT_LIMIT);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  public static Builder builder(String processInstanceId, String serverId, String jobId) {
    return new Builder(processInstanceId, serverId, jobId);
  }

  public Builder toBuilder() {
    return new Builder(processInstanceId, serverId, jobId).campaignId(campaignId).poolId(poolId)
        .customerId(customerId).jobVersion(jobVersion).digest(digest).platform(platform).variant(variant)
        .revertVariant(revertVariant).outcome(outcome).reason(reason).autoAction(autoActionExit, autoActionOutput)
        .failureRevert(revertExit, revertOutput).reverted(reverted).reportedByAutoAction(reportedByAutoAction)
        .followUpInstanceId(followUpInstanceId).startedAt(startedAt).endedAt(endedAt).steps(steps);
  }

  /** For delegates that gather a report from process variables; {@link #build()} validates. */
  public static final class Builder {
    private final String processInstanceId;
    private final String serverId;
    private final String jobId;
    private String campaignId;
    private String poolId;
    private String customerId;
    private String jobVersion;
    private String digest;
    private String platform;
    private String variant;
    private String revertVariant;
    private Outcome outcome;
    private String reason;
    private Integer autoActionExit;
    private String autoActionOutput;
    private Integer revertExit;
    private String revertOutput;
    private boolean reverted;
    private boolean reportedByAutoAction;
    private String followUpInstanceId;
    private Instant startedAt;
    private Instant endedAt;
    private final List<Step> steps = new ArrayList<>();

    private Builder(String processInstanceId, String serverId, String jobId) {
      this.processInstanceId = processInstanceId;
      this.serverId = serverId;
      this.jobId = jobId;
    }

    public Builder campaignId(String v) { campaignId = v; return this; }
    public Builder poolId(String v) { poolId = v; return this; }
    public Builder customerId(String v) { customerId = v; return this; }
    public Builder jobVersion(String v) { jobVersion = v; return this; }
    public Builder digest(String v) { digest = v; return this; }
    public Builder platform(String v) { platform = v; return this; }
    public Builder variant(String v) { variant = v; return this; }
    public Builder revertVariant(String v) { revertVariant = v; return this; }
    /** Also sets {@code reverted} (true exactly for REVERTED). */
    public Builder outcome(Outcome v) { outcome = v; reverted = v == Outcome.REVERTED; return this; }
    public Builder reason(String v) { reason = v; return this; }
    public Builder autoAction(Integer exit, String output) { autoActionExit = exit; autoActionOutput = output; return this; }
    public Builder failureRevert(Integer exit, String output) { revertExit = exit; revertOutput = output; return this; }
    public Builder reverted(boolean v) { reverted = v; return this; }
    public Builder reportedByAutoAction(boolean v) { reportedByAutoAction = v; return this; }
    public Builder followUpInstanceId(String v) { followUpInstanceId = v; return this; }
    public Builder startedAt(Instant v) { startedAt = v; return this; }
    public Builder endedAt(Instant v) { endedAt = v; return this; }
    public Builder step(Step s) { steps.add(s); return this; }
    public Builder step(String name, String activityId, Instant startedAt, Instant endedAt, String result) {
      return step(new Step(name, activityId, startedAt, endedAt, result));
    }
    public Builder steps(List<Step> v) { steps.clear(); steps.addAll(v); return this; }

    public ServerReport build() {
      return new ServerReport(processInstanceId, campaignId, serverId, poolId, customerId, jobId, jobVersion,
          digest, platform, variant, revertVariant, outcome, reason, autoActionExit, autoActionOutput, revertExit,
          revertOutput, reverted, reportedByAutoAction, followUpInstanceId, startedAt, endedAt, steps);
    }
  }
}
