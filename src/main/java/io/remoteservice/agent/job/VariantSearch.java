package io.remoteservice.agent.job;

import io.remoteservice.agent.remote.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The order in which variants are tried for a server, most specific first. */
public final class VariantSearch {

  private VariantSearch() {}

  /**
   * The variants to try, in order: the server id; {@code OS-RELEASE-ARCH}; {@code OS-RELEASE};
   * {@code OS-ARCH}; {@code OS}; the family; and last the empty string for the generic file. Parts the
   * probe did not find (an empty release) leave out the variants that need them.
   */
  public static List<String> candidates(String serverId, Platform platform) {
    Set<String> order = new LinkedHashSet<>();
    if (serverId != null && !serverId.isBlank()) {
      order.add(serverId);
    }
    String os = platform.os();
    String release = platform.release();
    String arch = platform.arch();
    if (!os.isEmpty()) {
      if (!release.isEmpty() && !arch.isEmpty()) {
        order.add(os + "-" + release + "-" + arch);
      }
      if (!release.isEmpty()) {
        order.add(os + "-" + release);
      }
      if (!arch.isEmpty()) {
        order.add(os + "-" + arch);
      }
      order.add(os);
    }
    if (!platform.family().isEmpty()) {
      order.add(platform.family());
    }
    order.add("");
    return new ArrayList<>(order);
  }
}
