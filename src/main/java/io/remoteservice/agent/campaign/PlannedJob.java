package io.remoteservice.agent.campaign;

import io.remoteservice.agent.job.JobPackage;
import io.remoteservice.agent.remote.Platform;
import java.util.List;

/**
 * What the plan needs of a job package: its identity, the digest frozen for approval, and
 * {@code requires}.
 */
public record PlannedJob(String id, String version, String title, String digest, List<String> requires) {

  public PlannedJob {
    requires = List.copyOf(requires);
  }

  public static PlannedJob of(JobPackage pkg) {
    return new PlannedJob(pkg.id(), pkg.manifest().version(), pkg.manifest().title(), pkg.digest(),
        pkg.manifest().requires());
  }

  /**
   * Whether {@code requires} admits the platform. The same rule as {@link JobPackage#supports(Platform)}
   * (a test keeps the two equal): an entry matches the family or the os id, and {@code linux} the unix
   * family.
   */
  public boolean supports(Platform platform) {
    return requires.isEmpty() || requires.stream().anyMatch(r -> r.equals(platform.family())
        || r.equals(platform.os()) || r.equals("linux") && platform.family().equals("unix"));
  }
}
