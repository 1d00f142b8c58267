package io.remoteservice.agent.remote;

import java.util.Locale;
import java.util.Objects;

/**
 * What a server runs, as the platform probe found it. All parts are lower case.
 *
 * @param family  {@code unix} or {@code windows}
 * @param os      os-release {@code ID} (debian, ubuntu, rhel) or {@code windows}
 * @param release os-release {@code VERSION_ID}, may contain dots (12, 22.04, 10.0.20348); may be empty
 * @param arch    {@code uname -m} (x86_64, aarch64)
 */
public record Platform(String family, String os, String release, String arch) {

  public Platform {
    family = lower(family);
    os = lower(os);
    release = lower(release);
    arch = lower(arch);
  }

  private static String lower(String value) {
    return Objects.requireNonNullElse(value, "").trim().toLowerCase(Locale.ROOT);
  }

  /** The form recorded in history and passed as {@code RSA_PLATFORM}: {@code os-release-arch}. */
  @Override
  public String toString() {
    return os + "-" + release + "-" + arch;
  }
}
