package io.remoteservice.agent.job;

/** The two programs of a package; {@link #fileName()} is the base of their file names. */
public enum ScriptKind {
  AUTO_ACTION("AutoAction"),
  FAILURE_REVERT("FailureRevert");

  private final String fileName;

  ScriptKind(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  @Override
  public String toString() {
    return fileName;
  }
}
