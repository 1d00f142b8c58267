package io.remoteservice.agent.campaign;

import io.remoteservice.agent.config.RsaProperties;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.job.InvalidJobPackageException;
import io.remoteservice.agent.job.JobPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The first step of a campaign: reads the start variables, loads the job package and resolves the
 * targets against the current inventory, reporting every problem of all three at once, so that an
 * operator fixes the start in one go.
 */
@Service
public class CampaignPreparation {

  /**
   * A campaign that may go on to preflight and planning.
   *
   * @param job the package as loaded now; its digest is the one the plan freezes
   */
  public record Prepared(CampaignSettings settings, List<Server> targets, JobPackage job, Inventory inventory) {

    /** The plan, with the preflight results (null when there was no preflight). */
    public Plan plan(Map<String, PreflightResult> preflight) {
      return Plan.compute(inventory, PlannedJob.of(job), targets, settings, preflight);
    }
  }

  private final Supplier<Inventory> inventory;
  private final Path jobs;
  private final Supplier<OffsetDateTime> clock;

  @Autowired
  public CampaignPreparation(InventoryService inventory, RsaProperties properties) {
    this(inventory::current, properties.jobs(), OffsetDateTime::now);
  }

  CampaignPreparation(Supplier<Inventory> inventory, Path jobs, Supplier<OffsetDateTime> clock) {
    this.inventory = inventory;
    this.jobs = jobs;
    this.clock = clock;
  }

  /**
   * Checks the start variables, the job and the targets.
   *
   * @throws InvalidCampaignException with every problem, each naming its variable
   */
  public Prepared prepare(Map<String, ?> variables) {
    Inventory current = inventory.get();
    List<CampaignProblem> problems = new ArrayList<>();
    List<Server> targets = List.of();
    Object rawTargets = variables.get(CampaignSettings.TARGETS);
    if (rawTargets != null && !rawTargets.toString().isBlank()) {
      try {
        targets = new TargetSelector(current).select(rawTargets.toString());
      } catch (InvalidCampaignException e) {
        problems.addAll(e.problems());
      }
    }
    CampaignSettings settings = null;
    try {
      settings = CampaignSettings.parse(variables, targets.isEmpty() ? -1 : targets.size(), clock.get());
    } catch (InvalidCampaignException e) {
      problems.addAll(e.problems());
    }
    JobPackage job = null;
    // A jobId with a problem of its own (missing, malformed) is never used as a path.
    if (problems.stream().noneMatch(p -> p.variable().equals(CampaignSettings.JOB_ID))) {
      job = loadJob(String.valueOf(variables.get(CampaignSettings.JOB_ID)).trim(), problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidCampaignException(sorted(problems));
    }
    return new Prepared(settings, targets, job, current);
  }

  private JobPackage loadJob(String jobId, List<CampaignProblem> problems) {
    Path dir = jobs.resolve(jobId);
    if (!Files.isDirectory(dir)) {
      problems.add(new CampaignProblem(CampaignSettings.JOB_ID, "no job package '" + jobId + "' in " + jobs
          + "; " + Nearby.describe(jobId, knownJobs(), "job packages")));
      return null;
    }
    try {
      return JobPackage.load(dir);
    } catch (InvalidJobPackageException e) {
      e.problems().forEach(p -> problems.add(new CampaignProblem(CampaignSettings.JOB_ID,
          "job package " + dir + " is invalid: " + p + "; check it with `job check " + dir + "`")));
    } catch (IOException e) {
      problems.add(new CampaignProblem(CampaignSettings.JOB_ID, "cannot read job package " + dir + ": " + e));
    }
    return null;
  }

  private List<String> knownJobs() {
    try (Stream<Path> entries = Files.list(jobs)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** In the order of the start form's fields, so that messages line up with them. */
  private static List<CampaignProblem> sorted(List<CampaignProblem> problems) {
    List<String> order = List.of(CampaignSettings.JOB_ID, CampaignSettings.TARGETS, CampaignSettings.CANARY,
        CampaignSettings.PARALLELISM, CampaignSettings.FAILURE_BUDGET, CampaignSettings.WINDOW_START,
        CampaignSettings.WINDOW_END);
    return problems.stream().sorted(java.util.Comparator.comparingInt(p -> {
      int i = order.indexOf(p.variable());
      return i < 0 ? order.size() : i;
    })).toList();
  }
}
