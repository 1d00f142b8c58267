package io.remoteservice.agent.job;

/**
 * A job that cannot run on a server: no AutoAction variant fits it, or the manifest's
 * {@code requires} excludes its platform. Raised before anything on the server changes.
 */
public class NoMatchingVariantException extends RuntimeException {

  public NoMatchingVariantException(String message) {
    super(message);
  }
}
