package io.remoteservice.agent.job;

import io.remoteservice.agent.remote.Platform;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The environment an AutoAction or FailureRevert runs with (DESIGN.md, Job package).
 *
 * <p>Parameters are the ones the manifest declares: each starts with the manifest's default and takes
 * the inventory's value when the inventory has a var of the same name. Inventory vars the manifest
 * does not declare are not passed: every input of a job is visible in its manifest, which the approver
 * reads.
 */
public final class RunEnvironment {

  public static final String RUN_ID = "RSA_RUN_ID";
  public static final String RUN_DIR = "RSA_RUN_DIR";
  public static final String SERVER_ID = "RSA_SERVER_ID";
  public static final String JOB_ID = "RSA_JOB_ID";
  public static final String JOB_VERSION = "RSA_JOB_VERSION";
  public static final String PLATFORM = "RSA_PLATFORM";
  public static final String AUTOACTION_EXIT = "RSA_AUTOACTION_EXIT";
  public static final String PARAM_PREFIX = "RSA_PARAM_";

  /**
   * Where and as what a program runs.
   *
   * @param runId    fixed before anything starts; the FailureRevert of a run gets the same one
   * @param runDir   the run directory on the server, the program's working directory
   * @param serverId the inventory's server id
   * @param platform as the probe found it; passed as {@code os-release-arch}
   */
  public record RunContext(String runId, String runDir, String serverId, Platform platform) {
    public RunContext {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(runDir, "runDir");
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(platform, "platform");
    }
  }

  private RunEnvironment() {}

  /** {@code RSA_PARAM_} + the name upper-cased. */
  public static String parameterVariable(String parameterName) {
    return PARAM_PREFIX + parameterName.toUpperCase(Locale.ROOT);
  }

  /** The manifest's parameters with the inventory's values applied, in manifest order. */
  public static Map<String, String> parameters(Manifest manifest, Map<String, ?> inventoryVars) {
    Map<String, String> result = new LinkedHashMap<>(manifest.parameters());
    if (inventoryVars != null) {
      result.replaceAll((name, value) -> inventoryVars.containsKey(name)
          ? text(name, inventoryVars.get(name)) : value);
    }
    return result;
  }

  public static Map<String, String> forAutoAction(RunContext run, Manifest manifest, Map<String, ?> inventoryVars) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(RUN_ID, run.runId());
    env.put(RUN_DIR, run.runDir());
    env.put(SERVER_ID, run.serverId());
    env.put(JOB_ID, manifest.id());
    env.put(JOB_VERSION, manifest.version());
    env.put(PLATFORM, run.platform().toString());
    parameters(manifest, inventoryVars).forEach((name, value) -> env.put(parameterVariable(name), value));
    return env;
  }

  /**
   * The AutoAction's environment plus {@code RSA_AUTOACTION_EXIT}.
   *
   * @param autoActionExit the AutoAction's exit code, or null when it has none (it timed out or was
   *     killed); then the variable is empty
   */
  public static Map<String, String> forFailureRevert(RunContext run, Manifest manifest, Map<String, ?> inventoryVars,
      Integer autoActionExit) {
    Map<String, String> env = forAutoAction(run, manifest, inventoryVars);
    env.put(AUTOACTION_EXIT, autoActionExit == null ? "" : autoActionExit.toString());
    return env;
  }

  private static String text(String name, Object value) {
    String s = value == null ? "" : value.toString();
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("the inventory value of parameter " + name
          + " contains a NUL character, which no environment variable can hold; fix the inventory's vars");
    }
    return s;
  }
}
