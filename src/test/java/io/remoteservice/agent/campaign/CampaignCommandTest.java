package io.remoteservice.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteservice.agent.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignCommandTest {

  @TempDir
  Path dir;

  Path inventory;
  Path jobs;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    CampaignFixtures.fleet(dir);
    inventory = dir.resolve("inventory.yaml");
    jobs = Files.createDirectories(dir.resolve("jobs"));
    Path pkg = Files.createDirectories(jobs.resolve("rotate-logs"));
    Files.writeString(pkg.resolve("README.md"), "# Rotate\n");
    Files.writeString(pkg.resolve("job.yaml"), "id: rotate-logs\nversion: 1\ntitle: Rotate logs\n"
        + "timeouts: { autoAction: PT1M, failureRevert: PT1M }\n");
    Files.writeString(pkg.resolve("AutoAction.sh"), "true\n");
  }

  private int run(String... args) {
    return new CampaignCommand(() -> CampaignSettingsTest.NOW).run(args,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsThePlan() {
    int code = run("plan", "--inventory", inventory.toString(), "--jobs", jobs.toString(), "--job", "rotate-logs",
        "--targets", "pool:portal, pool:app", "--canary", "2", "--failure-budget", "1");
    assertThat(code).as(err.toString()).isEqualTo(CommandLine.OK);
    assertThat(out.toString()).contains("## Campaign plan: Rotate logs").contains("portal-01, app-01 first")
        .contains("platform compatibility was not checked");
  }

  @Test
  void printsJson() throws IOException {
    assertThat(run("plan", "--inventory", inventory.toString(), "--jobs", jobs.toString(), "--job", "rotate-logs",
        "--targets", "pool:app", "--json")).isEqualTo(CommandLine.OK);
    assertThat(new ObjectMapper().readTree(out.toString()).get("order").toString()).isEqualTo("[\"app-02\"]");
  }

  @Test
  void invalidStartIsExitTwoWithEveryProblem() {
    int code = run("plan", "--inventory", inventory.toString(), "--jobs", jobs.toString(), "--job", "rotate",
        "--targets", "ts1", "--parallelism", "0");
    assertThat(code).isEqualTo(CommandLine.INVALID);
    assertThat(err.toString()).contains("3 problems").contains("jobId: no job package 'rotate'")
        .contains("targets: unknown server 'ts1'").contains("parallelism: 0 is out of range");
  }

  @Test
  void aPlanWithErrorsIsExitTwo() {
    assertThat(run("plan", "--inventory", inventory.toString(), "--jobs", jobs.toString(), "--job", "rotate-logs",
        "--targets", "pool:frozen")).isEqualTo(CommandLine.INVALID);
    assertThat(out.toString()).contains("**ERROR** `frozen`");
  }

  @Test
  void usageErrorsAreExitOne() {
    assertThat(run()).isEqualTo(CommandLine.USAGE_OR_IO);
    assertThat(run("plan", "--job", "x")).isEqualTo(CommandLine.USAGE_OR_IO);
    assertThat(err.toString()).contains("--inventory FILE is required");
    assertThat(run("plan", "--inventory", inventory.toString(), "--bogus", "1")).isEqualTo(CommandLine.USAGE_OR_IO);
    assertThat(err.toString()).contains("unknown option or missing value: --bogus");
  }

  @Test
  void registeredWithTheCommandLine() {
    assertThat(CommandLine.isCommand(new String[] {"campaign", "plan"})).isTrue();
  }
}
