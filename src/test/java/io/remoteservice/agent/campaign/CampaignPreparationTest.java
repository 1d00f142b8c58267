package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.remote.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignPreparationTest {

  @TempDir
  Path dir;

  Path jobs;
  CampaignPreparation preparation;

  @BeforeEach
  void setUp() throws IOException {
    Inventory inventory = CampaignFixtures.fleet(Files.createDirectories(dir.resolve("inv")));
    jobs = Files.createDirectories(dir.resolve("jobs"));
    writeJob("rotate-logs", "requires: [linux]\n");
    preparation = new CampaignPreparation(() -> inventory, jobs, () -> CampaignSettingsTest.NOW);
  }

  private void writeJob(String id, String extra) throws IOException {
    Path pkg = Files.createDirectories(jobs.resolve(id));
    Files.writeString(pkg.resolve("README.md"), "# " + id + "\n\nWhat, why, risk, duration, contact.\n");
    Files.writeString(pkg.resolve("job.yaml"), "id: " + id + "\nversion: 1\ntitle: T\n"
        + "timeouts: { autoAction: PT1M, failureRevert: PT1M }\n" + extra);
    Files.writeString(pkg.resolve("AutoAction.sh"), "true\n");
  }

  private List<CampaignProblem> problems(Map<String, ?> vars) {
    try {
      preparation.prepare(vars);
    } catch (InvalidCampaignException e) {
      return e.problems();
    }
    throw new AssertionError("expected " + vars + " to be refused");
  }

  @Test
  void preparesJobTargetsAndSettings() {
    CampaignPreparation.Prepared p = preparation.prepare(Map.of("jobId", "rotate-logs", "targets", "pool:app, ts01",
        "canary", 3));
    assertThat(p.targets()).extracting(Server::id).containsExactly("app-01", "app-02", "ts01");
    assertThat(p.job().id()).isEqualTo("rotate-logs");
    assertThat(p.settings().canary()).isEqualTo(3);
    Plan plan = p.plan(Map.of("app-01", PreflightResult.probed(new Platform("windows", "windows", "10", "x86_64"))));
    assertThat(plan.job().digest()).isEqualTo(p.job().digest()).startsWith("sha256:");
    assertThat(plan.errors()).extracting(Plan.Finding::subject).containsExactly("app-01");
  }

  @Test
  void reportsProblemsOfJobTargetsAndSettingsTogetherInFormOrder() {
    List<CampaignProblem> problems = problems(Map.of("jobId", "rotate-log", "targets", "pool:ap",
        "parallelism", 0, "windowEnd", "2026-11-23T03:00:00Z"));
    assertThat(problems).extracting(CampaignProblem::variable)
        .containsExactly("jobId", "targets", "parallelism", "windowEnd");
    assertThat(problems.get(0).message()).contains("no job package 'rotate-log' in " + jobs)
        .contains("did you mean rotate-logs?");
    assertThat(problems.get(1).message()).contains("unknown pool 'ap'");
  }

  @Test
  void canaryIsCheckedAgainstTheResolvedTargets() {
    assertThat(problems(Map.of("jobId", "rotate-logs", "targets", "pool:app", "canary", 3)))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("only 2"));
  }

  @Test
  void anInvalidPackageIsReportedWithItsProblems() throws IOException {
    writeJob("broken", "requires: linux\n");
    assertThat(problems(Map.of("jobId", "broken", "targets", "ts01"))).allSatisfy(p -> {
      assertThat(p.variable()).isEqualTo("jobId");
      assertThat(p.message()).contains("is invalid").contains("requires").contains("job check");
    }).isNotEmpty();
  }

  @Test
  void aMalformedJobIdIsNeverUsedAsAPath() {
    assertThat(problems(Map.of("jobId", "../inv", "targets", "ts01"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not a job id"));
  }
}
