package io.remoteservice.agent.maintenance;

/**
 * A server that must not be touched, for a reason people can act on: unknown server or job, unknown or
 * changed host key, no variant for its platform, a package that differs from the approved one. The
 * process ends the server's maintenance NOT_CHANGED with this message; it is not retried.
 */
public class MaintenanceRefusal extends RuntimeException {

  private final String code;

  public MaintenanceRefusal(String code, String message) {
    super(message);
    this.code = code;
  }

  public MaintenanceRefusal(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A stable code for the history: UNKNOWN_SERVER, UNKNOWN_JOB, HOST_KEY, NO_VARIANT, DIGEST, ... */
  public String code() {
    return code;
  }
}
