package io.remoteservice.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.config.RsaProperties;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.job.JobPackage;
import io.remoteservice.agent.maintenance.MaintenanceSteps.DrainRound;
import io.remoteservice.agent.maintenance.MaintenanceSteps.PoolStep;
import io.remoteservice.agent.maintenance.MaintenanceSteps.RunState;
import io.remoteservice.agent.pool.ActionResult;
import io.remoteservice.agent.pool.DrainCheck;
import io.remoteservice.agent.pool.DrainStep;
import io.remoteservice.agent.pool.ManualStep;
import io.remoteservice.agent.pool.PoolDrivers;
import io.remoteservice.agent.remote.CapturedOutput;
import io.remoteservice.agent.remote.DetachedRuns;
import io.remoteservice.agent.remote.PlatformProbe;
import io.remoteservice.agent.remote.RemoteShell;
import io.remoteservice.agent.remote.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the maintenance steps decide without a server: refusals before any connection, judging, bounds. */
class ServerMaintenanceServiceTest {

  @TempDir
  Path tmp;

  private ServerMaintenanceService service;
  private final Path jobs = Path.of("jobs");

  @BeforeEach
  void setUp() throws Exception {
    KeyPair key = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
    key.writePrivateKey(tmp.resolve("key").toString());
    key.dispose();
    Files.writeString(tmp.resolve("known_hosts"), "");
    Path file = tmp.resolve("inventory.yaml");
    // Port 1 on loopback: nothing listens; a test that reached it would get UNREACHABLE, not its code.
    Files.writeString(file, "ssh: { user: maint, port: 1, identity: key, knownHosts: known_hosts }\n"
        + "customers: [ { id: acme, contacts: [it@acme.example] } ]\n"
        + "pools:\n"
        + "  - { id: batch, customer: acme, driver: none }\n"
        + "  - id: terminal\n"
        + "    customer: acme\n"
        + "    driver: manual\n"
        + "    manual: { console: 'https://lb.acme.example/pools/terminal', instructions: 'Pencil icon, Save' }\n"
        + "    drain: { timeout: PT2H, onTimeout: proceed }\n"
        + "servers:\n"
        + "  - { id: b1, pool: batch, host: 127.0.0.1 }\n"
        + "  - { id: ts01, pool: terminal, host: 127.0.0.1, lbName: TS-01 }\n");
    InventoryService inventoryService = new InventoryService(new RsaProperties(file, jobs,
        new RsaProperties.Admin(null, null), new RsaProperties.History(Duration.ofDays(3650)),
        new RsaProperties.Timers(null, null, null, null)));
    PoolDrivers drivers = new PoolDrivers();
    service = new ServerMaintenanceService(inventoryService::current, jobs, drivers,
        new DrainStep(drivers, inventoryService), null, new RemoteShell(), new DetachedRuns(),
        new PlatformProbe(), Clock.systemUTC());
  }

  private String digestOf(String job) throws Exception {
    return JobPackage.load(jobs.resolve(job)).digest();
  }

  @Test
  void unknownServerIsRefused() throws Exception {
    assertThatThrownBy(() -> service.preflight("nope", "update-portal-config", digestOf("update-portal-config"),
        "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("UNKNOWN_SERVER");
          assertThat(r.getMessage()).contains("'nope'", "inventory");
        });
  }

  @Test
  void unknownOrMalformedJobIsRefused() {
    assertThatThrownBy(() -> service.preflight("b1", "no-such-job", "sha256:x", "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("UNKNOWN_JOB");
          assertThat(r.getMessage()).contains("no-such-job", "rsa.jobs");
        });
    assertThatThrownBy(() -> service.preflight("b1", "../etc", "sha256:x", "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> assertThat(r.code()).isEqualTo("UNKNOWN_JOB"));
  }

  @Test
  void aPackageThatDiffersFromTheApprovedDigestIsRefusedBeforeAnyConnection() {
    assertThatThrownBy(() -> service.preflight("b1", "update-portal-config", "sha256:" + "0".repeat(64), "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("DIGEST");
          assertThat(r.getMessage()).contains("changed after its approval", "Nothing was done on server b1");
        });
    assertThatThrownBy(() -> service.preflight("b1", "update-portal-config", null, "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> assertThat(r.code()).isEqualTo("DIGEST"));
  }

  @Test
  void anUnreachableServerIsRefused() throws Exception {
    assertThatThrownBy(() -> service.preflight("b1", "update-portal-config", digestOf("update-portal-config"),
        "run-1"))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("UNREACHABLE");
          assertThat(r.getMessage()).contains("b1");
        });
  }

  @Test
  void poolStepsOfADriverNoneHaveNothingToDoAndTheServerCountsAsUp() {
    PoolStep step = service.poolStep("b1", MaintenanceSteps.PoolVerb.DISABLE);
    assertThat(step.personMustAct()).isFalse();
    assertThat(step.summary()).contains("nothing to do");
    assertThat(service.isUp("b1")).isTrue();
  }

  @Test
  void aManualPoolAsksAPersonForEveryPoolStepAndEveryDrainRound() {
    for (MaintenanceSteps.PoolVerb verb : MaintenanceSteps.PoolVerb.values()) {
      PoolStep step = service.poolStep("ts01", verb);
      assertThat(step.personMustAct()).as(verb.name()).isTrue();
      assertThat(step.instructions()).as(verb.name()).contains("'TS-01'",
          "Console: https://lb.acme.example/pools/terminal", "How: Pencil icon, Save");
    }
    DrainRound round = service.drainRound("ts01", "update-portal-config", Instant.now());
    assertThat(round.state()).isEqualTo("PERSON_MUST_ACT");
    assertThat(round.instructions()).contains("sticky", "https://lb.acme.example/pools/terminal");
    assertThat(round.onTimeout()).isEqualTo("ask"); // the job's drain policy overrides the pool's "proceed"
    assertThat(service.isUp("ts01")).isTrue();
  }

  @Test
  void aManualStepBecomesInstructionsForAPerson() {
    ManualStep manual = new ManualStep("disable", "terminal", "ts01", "TS-01", "10.0.0.1",
        "https://lb.example/pools/terminal", "Pencil icon, deselect, Save", "Deselect 'TS-01' and save.");
    PoolStep step = ServerMaintenanceService.toPoolStep(new ActionResult(ActionResult.Kind.PERSON_MUST_ACT,
        "a person must act", List.of(), manual));
    assertThat(step.personMustAct()).isTrue();
    assertThat(step.instructions()).isEqualTo("Deselect 'TS-01' and save.\n"
        + "Console: https://lb.example/pools/terminal\nHow: Pencil icon, deselect, Save");

    PoolStep done = ServerMaintenanceService.toPoolStep(new ActionResult(ActionResult.Kind.DONE, "maint on 1 lb",
        List.of("was DOWN"), null));
    assertThat(done.personMustAct()).isFalse();
    assertThat(done.instructions()).isNull();
    assertThat(done.notes()).containsExactly("was DOWN");
  }

  @Test
  void drainRoundsCarryTheEffectivePolicyAndTheSessionsOfBalancerAndServer() {
    DrainPolicy policy = new DrainPolicy(Duration.ofMinutes(5), DrainPolicy.OnTimeout.ABORT, true, false);
    DrainRound round = ServerMaintenanceService.toDrainRound(new DrainCheck(DrainCheck.Outcome.NOT_YET, 2, 1,
        Duration.ofSeconds(30), null, List.of(), null), policy);
    assertThat(round).isEqualTo(new DrainRound("NOT_YET", 3, "abort", null, Duration.ofSeconds(30)));

    ManualStep manual = new ManualStep("clearSticky", "terminal", "ts01", "TS-01", "10.0.0.1",
        "https://lb.example", "Clamp icon", "Clear the sticky sessions of 'TS-01'.");
    DrainRound person = ServerMaintenanceService.toDrainRound(new DrainCheck(DrainCheck.Outcome.PERSON_MUST_ACT,
        null, null, Duration.ZERO, null, List.of(), manual), policy);
    assertThat(person.state()).isEqualTo("PERSON_MUST_ACT");
    assertThat(person.sessions()).isNull();
    assertThat(person.instructions()).startsWith("Clear the sticky sessions of 'TS-01'.").contains("Clamp icon");
  }

  private static RunStatus ended(int exit, boolean killed, String stdout, String stderr) {
    return new RunStatus(RunStatus.State.ENDED, exit, Instant.parse("2026-11-23T04:00:00Z"),
        Instant.parse("2026-11-23T04:01:00Z"), killed, CapturedOutput.of(stdout.getBytes(StandardCharsets.UTF_8)),
        CapturedOutput.of(stderr.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anEndedRunIsJudgedByExitCodeAndMarkers() {
    RunState ok = ServerMaintenanceService.judge(ended(0, false, "done\nRSA-REPORTED: yes\n", ""),
        Duration.ofMinutes(5), null);
    assertThat(ok.ended()).isTrue();
    assertThat(ok.succeeded()).isTrue();
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.reason()).isNull();
    assertThat(ok.reported()).isTrue();
    assertThat(ok.startedAt()).isEqualTo(Instant.parse("2026-11-23T04:00:00Z"));

    RunState marker = ServerMaintenanceService.judge(ended(0, false, "RSA-RESULT: FAILURE disk full\n", "oops\n"),
        Duration.ofMinutes(5), null);
    assertThat(marker.succeeded()).isFalse();
    assertThat(marker.exitCode()).isZero();
    assertThat(marker.reason()).isEqualTo("disk full");
    assertThat(marker.output()).isEqualTo("RSA-RESULT: FAILURE disk full\n--- stderr ---\noops\n");
  }

  @Test
  void aKilledRunTimedOutAndHasNoExitCode() {
    RunState state = ServerMaintenanceService.judge(ended(143, true, "RSA-RESULT: SUCCESS\n", ""),
        Duration.ofSeconds(3), null);
    assertThat(state.ended()).isTrue();
    assertThat(state.succeeded()).isFalse();
    assertThat(state.exitCode()).isNull();
    assertThat(state.reason()).startsWith("timed out after PT3S");
  }

  @Test
  void runningAndLostRuns() {
    Instant given = Instant.parse("2026-11-23T03:59:59Z");
    RunState running = ServerMaintenanceService.judge(new RunStatus(RunStatus.State.RUNNING, null, null, null,
        false, CapturedOutput.EMPTY, CapturedOutput.EMPTY), Duration.ofMinutes(1), given);
    assertThat(running.ended()).isFalse();
    assertThat(running.succeeded()).isNull();
    assertThat(running.startedAt()).isEqualTo(given);

    RunState lost = ServerMaintenanceService.judge(new RunStatus(RunStatus.State.LOST, null, given, null, false,
        CapturedOutput.of("half".getBytes(StandardCharsets.UTF_8)), CapturedOutput.EMPTY), Duration.ofMinutes(1),
        null);
    assertThat(lost.ended()).isTrue();
    assertThat(lost.succeeded()).isFalse();
    assertThat(lost.reason()).contains("lost");
    assertThat(lost.output()).isEqualTo("half");
  }

  @Test
  void longOutputIsCutInTheMiddleForProcessVariablesButKeptForTheReport() {
    String stdout = "FIRST LINE\n" + "x".repeat(20_000) + "\nRSA-RESULT: FAILURE the end\n";
    RunState state = ServerMaintenanceService.judge(ended(1, false, stdout, ""), Duration.ofMinutes(1), null);
    assertThat(state.output()).hasSizeLessThanOrEqualTo(3_000)
        .startsWith("FIRST LINE\n").endsWith("RSA-RESULT: FAILURE the end\n")
        .contains("characters in all; the middle is cut");
    assertThat(state.fullOutput()).isEqualTo(stdout);
    assertThat(state.reason()).isEqualTo("the end");
  }

  @Test
  void boundedTextKeepsShortTextAndNeverExceedsTheLimit() {
    assertThat(BoundedText.of("short", 3_000)).isEqualTo("short");
    assertThat(BoundedText.of(null, 3_000)).isEmpty();
    for (int length : new int[] {3_001, 5_000, 1_000_000}) {
      String cut = BoundedText.of("a".repeat(length), 3_000);
      assertThat(cut).hasSizeLessThanOrEqualTo(3_000).contains(length + " characters in all");
    }
    // A character outside the BMP is never split into half a surrogate pair.
    String emoji = "\uD83D\uDE00".repeat(4_000);
    String cut = BoundedText.of(emoji, 3_000);
    assertThat(cut).hasSizeLessThanOrEqualTo(3_000);
    assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(cut);
  }
}
