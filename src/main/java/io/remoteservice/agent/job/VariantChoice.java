package io.remoteservice.agent.job;

import io.remoteservice.agent.remote.Platform;
import java.util.List;
import java.util.Optional;

/**
 * Which files serve one server. The AutoAction is always there (otherwise the search fails); a
 * FailureRevert may be missing for the server's platform, and the process decides what that means.
 *
 * @param tried the variants in the order they were tried ({@code ""} = generic)
 */
public record VariantChoice(String serverId, Platform platform, Script autoAction, Optional<Script> failureRevert,
    List<String> tried) {

  public VariantChoice {
    tried = List.copyOf(tried);
  }

  public boolean hasFailureRevert() {
    return failureRevert.isPresent();
  }

  /** The variant recorded in history: the AutoAction's, {@code generic} for the generic file. */
  public String variant() {
    return autoAction.variantLabel();
  }

  @Override
  public String toString() {
    return "server " + serverId + " (" + platform + "): " + autoAction.fileName() + ", "
        + failureRevert.map(Script::fileName).orElse("no FailureRevert");
  }
}
