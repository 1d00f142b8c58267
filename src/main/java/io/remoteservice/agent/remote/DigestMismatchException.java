package io.remoteservice.agent.remote;

/**
 * What is in the run directory is not what was approved (safety invariant 5). Nothing was started.
 */
public final class DigestMismatchException extends RemoteException {

  private final String expected;
  private final String actual;

  DigestMismatchException(String target, RunDir dir, String expected, String actual, String detail) {
    super(target, "the files in " + dir + " do not match the approved package: approved digest "
        + expected + ", found " + actual + detail + ". Nothing was started; upload again, and if it "
        + "keeps differing, someone changes files on the server.");
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
