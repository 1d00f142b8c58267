package io.remoteservice.agent.remote;

import java.util.regex.Pattern;

/**
 * A run directory on a server: {@code runRoot/runId}. The run id is fixed before anything starts
 * (derived from the process instance), so that after a lost connection or an agent restart the same
 * directory, and with it the same run, is found again.
 *
 * @param runRoot absolute directory under which run directories are made ({@code /var/tmp/rsa})
 * @param runId   letters, digits, {@code . _ -}; not starting with a dot
 */
public record RunDir(String runRoot, String runId) {

  static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  public RunDir {
    if (runRoot == null || !runRoot.startsWith("/") || runRoot.contains("\0")
        || runRoot.contains("\n")) {
      throw new IllegalArgumentException("runRoot '" + runRoot + "' must be an absolute path");
    }
    runRoot = runRoot.length() > 1 && runRoot.endsWith("/")
        ? runRoot.replaceAll("/+$", "") : runRoot;
    if (runRoot.equals("/") || runRoot.isEmpty()) {
      throw new IllegalArgumentException("runRoot must not be / itself: old run directories under it "
          + "are deleted by age");
    }
    for (String segment : runRoot.substring(1).split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("runRoot '" + runRoot + "' must not contain . or ..");
      }
    }
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id '" + runId + "' must be 1-128 letters, digits, "
          + ". _ - and not start with a dot");
    }
  }

  /** The directory's absolute path. */
  public String path() {
    return runRoot + "/" + runId;
  }

  /** Where the agent keeps the run's state: its marker, pid, exit code, output. */
  public String stateDir() {
    return path() + "/" + Scripts.STATE_DIR;
  }

  @Override
  public String toString() {
    return path();
  }
}
