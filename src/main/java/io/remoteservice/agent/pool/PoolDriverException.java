package io.remoteservice.agent.pool;

/** A load balancer did not do what was asked, or could not be asked; the message names what and where. */
public class PoolDriverException extends RuntimeException {

  public PoolDriverException(String message) {
    super(message);
  }

  public PoolDriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
