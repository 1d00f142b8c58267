package io.remoteservice.agent.process;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
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
