package io.remoteservice.agent.remote;

/**
 * Something went wrong talking to a server. The subclasses name the cases a caller treats differently
 * (a host key that must be confirmed by an administrator is not retried; a dropped connection is).
 * Messages name the server and say what to do; they never contain key material or parameter values.
 */
public class RemoteException extends RuntimeException {

  private final String target;

  public RemoteException(String target, String message) {
    super(target + ": " + message);
    this.target = target;
  }

  public RemoteException(String target, String message, Throwable cause) {
    super(target + ": " + message, cause);
    this.target = target;
  }

  /** {@code user@host:port}, or the run directory for errors that concern one. */
  public String target() {
    return target;
  }
}
