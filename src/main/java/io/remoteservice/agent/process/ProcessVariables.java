package io.remoteservice.agent.process;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Every process variable of the agent's processes, typed. The names are part of the REST interface
 * (DESIGN.md, Contracts): form field keys and gateway expressions use the same names, and a test checks
 * that they match.
 */
public final class ProcessVariables {

  // server-maintenance inputs and outputs
  public static final Variable<String> SERVER_ID = string("serverId");
  public static final Variable<String> JOB_ID = string("jobId");
  public static final Variable<String> APPROVED_DIGEST = string("approvedDigest");
  public static final Variable<String> CAMPAIGN_ID = string("campaignId");
  public static final Variable<String> OUTCOME = string("outcome");
  public static final Variable<String> VARIANT = string("variant");
  public static final Variable<Integer> AUTO_ACTION_EXIT = integer("autoActionExit");
  public static final Variable<Boolean> REVERTED = bool("reverted");

  // server-maintenance, set along the way
  public static final Variable<String> RUN_ID = string("runId");
  public static final Variable<String> REASON = string("reason");
  public static final Variable<Boolean> MAY_START = bool("mayStart");
  public static final Variable<String> PLATFORM = string("platform");
  public static final Variable<String> REVERT_VARIANT = string("revertVariant");
  public static final Variable<String> JOB_VERSION = string("jobVersion");
  public static final Variable<String> RUN_DIR = string("runDir");
  public static final Variable<Boolean> BALANCED = bool("balanced");
  public static final Variable<Boolean> CAPACITY_GRANTED = bool("capacityGranted");
  public static final Variable<Date> DRAIN_STARTED_AT = date("drainStartedAt");
  public static final Variable<String> DRAIN_STATE = string("drainState");
  public static final Variable<Integer> DRAIN_SESSIONS = integer("drainSessions");
  public static final Variable<String> DRAIN_ON_TIMEOUT = string("drainOnTimeout");
  public static final Variable<String> DRAIN_DECISION = string("drainDecision");
  public static final Variable<Boolean> POOL_STEP_MANUAL = bool("poolStepManual");
  public static final Variable<String> POOL_STEP_INSTRUCTIONS = string("poolStepInstructions");
  public static final Variable<Boolean> POOL_STEP_DONE = bool("poolStepDone");
  public static final Variable<Date> AUTO_ACTION_STARTED_AT = date("autoActionStartedAt");
  public static final Variable<Boolean> AUTO_ACTION_ENDED = bool("autoActionEnded");
  public static final Variable<Boolean> AUTO_ACTION_SUCCEEDED = bool("autoActionSucceeded");
  public static final Variable<String> AUTO_ACTION_REASON = string("autoActionReason");
  public static final Variable<Boolean> AUTO_ACTION_REPORTED = bool("autoActionReported");
  public static final Variable<Date> FAILURE_REVERT_STARTED_AT = date("failureRevertStartedAt");
  public static final Variable<Boolean> FAILURE_REVERT_ENDED = bool("failureRevertEnded");
  public static final Variable<Boolean> FAILURE_REVERT_SUCCEEDED = bool("failureRevertSucceeded");
  public static final Variable<Boolean> HEALTHY = bool("healthy");
  public static final Variable<String> HEALTH_OUTPUT = string("healthOutput");
  public static final Variable<String> FOLLOW_UP_ID = string("followUpId");

  /** Values of {@link #OUTCOME}. */
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String REVERTED_OUTCOME = "REVERTED";
  public static final String REVERT_FAILED = "REVERT_FAILED";
  public static final String SKIPPED = "SKIPPED";
  public static final String NOT_CHANGED = "NOT_CHANGED";

  // maintenance-campaign: start variables (DESIGN.md, Contracts)
  public static final Variable<String> TARGETS = string("targets");
  public static final Variable<Integer> CANARY = integer("canary");
  public static final Variable<Integer> PARALLELISM = integer("parallelism");
  public static final Variable<String> FAILURE_BUDGET = string("failureBudget");
  public static final Variable<String> WINDOW_START = string("windowStart");
  public static final Variable<String> INITIATOR = string("initiator");

  // maintenance-campaign: plan, decisions, progress
  public static final Variable<String> JOB_TITLE = string("jobTitle");
  public static final Variable<String> JOB_README = string("jobReadme");
  public static final Variable<String> PLAN_TEXT = string("planText");
  public static final Variable<String> PREFLIGHT_FINDINGS = string("preflightFindings");
  public static final Variable<String> CANARY_SERVERS = string("canaryServers");
  public static final Variable<String> ROLLOUT_SERVERS = string("rolloutServers");
  public static final Variable<Integer> TARGET_COUNT = integer("targetCount");
  public static final Variable<Integer> BUDGET_LIMIT = integer("budgetLimit");
  public static final Variable<Boolean> CONFIRMED = bool("confirmed");
  public static final Variable<Boolean> APPROVED = bool("approved");
  public static final Variable<String> APPROVAL_COMMENT = string("approvalComment");
  public static final Variable<Boolean> CANARY_FAILED = bool("canaryFailed");
  public static final Variable<String> CANARY_DECISION = string("canaryDecision");
  public static final Variable<String> WAVE_SERVERS = string("waveServers");
  public static final Variable<String> WAVES_LEFT = string("wavesLeft");
  public static final Variable<Boolean> MORE_WAVES = bool("moreWaves");
  public static final Variable<String> BUDGET_DECISION = string("budgetDecision");
  public static final Variable<Boolean> BUDGET_OVERRIDE = bool("budgetOverride");
  public static final Variable<Integer> FAILURES = integer("failures");
  public static final Variable<String> CAMPAIGN_CONTROL = string("campaignControl");

  // maintenance-campaign: what its children's start gate reads
  public static final Variable<Boolean> PAUSED = bool("paused");
  public static final Variable<Boolean> ABORTED = bool("aborted");
  public static final Variable<Boolean> BUDGET_EXCEEDED = bool("budgetExceeded");
  public static final Variable<String> WINDOW_END = string("windowEnd");

  // manual-access
  public static final Variable<String> CUSTOMER_ID = string("customerId");
  public static final Variable<String> POOL_ID = string("poolId");
  public static final Variable<Integer> FAILURE_REVERT_EXIT = integer("failureRevertExit");
  public static final Variable<String> AUTO_ACTION_OUTPUT = string("autoActionOutput");
  public static final Variable<String> FAILURE_REVERT_OUTPUT = string("failureRevertOutput");
  public static final Variable<Boolean> IN_POOL = bool("inPool");
  public static final Variable<Boolean> SERVER_UP = bool("serverUp");
  public static final Variable<String> MANUAL_DECISION = string("manualDecision");
  public static final Variable<String> MANUAL_NOTE = string("manualNote");
  public static final Variable<Boolean> RELEASE_CONFIRMED = bool("releaseConfirmed");

  /** Values of {@link #MANUAL_DECISION}. */
  public static final String MANUAL_RETURN = "return";
  public static final String MANUAL_KEEP_OUT = "keepOut";

  private ProcessVariables() {}

  private static Variable<String> string(String name) {
    return new Variable<>(name, String.class);
  }

  private static Variable<Integer> integer(String name) {
    return new Variable<>(name, Integer.class);
  }

  private static Variable<Date> date(String name) {
    return new Variable<>(name, Date.class);
  }

  private static Variable<Boolean> bool(String name) {
    return new Variable<>(name, Boolean.class);
  }

  /** All declared variables, for the tests that keep forms and diagrams in step with this class. */
  public static List<Variable<?>> all() {
    List<Variable<?>> all = new ArrayList<>();
    for (Field field : ProcessVariables.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Variable.class) {
        try {
          all.add((Variable<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return all;
  }
}
