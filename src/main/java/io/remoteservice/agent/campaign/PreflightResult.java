package io.remoteservice.agent.campaign;

import io.remoteservice.agent.remote.Platform;
import java.util.Objects;

/** What the preflight of one target found: its platform, or why it could not be probed. */
public record PreflightResult(Platform platform, String error) {

  public PreflightResult {
    if ((platform == null) == (error == null)) {
      throw new IllegalArgumentException("a preflight result is either a platform or an error");
    }
  }

  public static PreflightResult probed(Platform platform) {
    return new PreflightResult(Objects.requireNonNull(platform), null);
  }

  public static PreflightResult failed(String error) {
    return new PreflightResult(null, error == null || error.isBlank() ? "failed without a message" : error);
  }

  public boolean ok() {
    return platform != null;
  }
}
