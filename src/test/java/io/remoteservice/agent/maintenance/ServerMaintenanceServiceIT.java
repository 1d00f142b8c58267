package io.remoteservice.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.remoteservice.agent.TestFiles;
import io.remoteservice.agent.config.RsaProperties;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealHaproxy;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.fleet.TestDatabase;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.job.JobPackage;
import io.remoteservice.agent.maintenance.MaintenanceSteps.Capacity;
import io.remoteservice.agent.maintenance.MaintenanceSteps.DrainRound;
import io.remoteservice.agent.maintenance.MaintenanceSteps.Health;
import io.remoteservice.agent.maintenance.MaintenanceSteps.PoolStep;
import io.remoteservice.agent.maintenance.MaintenanceSteps.PoolVerb;
import io.remoteservice.agent.maintenance.MaintenanceSteps.Preflight;
import io.remoteservice.agent.maintenance.MaintenanceSteps.RunState;
import io.remoteservice.agent.pool.CapacityGuard;
import io.remoteservice.agent.pool.DrainStep;
import io.remoteservice.agent.pool.PoolDrivers;
import io.remoteservice.agent.remote.DigestMismatchException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The maintenance steps against the test fleet: real OpenSSH, real HAProxy, PostgreSQL for the capacity
 * leases, the example job {@code update-portal-config} and the test packages of
 * {@code src/test/resources/jobs}.
 */
@ExtendWith(FleetExtension.class)
class ServerMaintenanceServiceIT {

  private static final String PORTAL_JOB = "update-portal-config";
  private static final String ROTATE_JOB = "rotate-logs";

  static RealSite site;
  static RealHaproxy lb;
  static HikariDataSource dataSource;
  static Path jobs;
  static ServerMaintenanceService service;

  @BeforeAll
  static void start(Fleet fleet) throws Exception {
    site = fleet.real(Layout.of(
        PoolSpec.haproxy("portal", 3).capacity("1", 1).drain(Duration.ofMinutes(1), "proceed")
            .var("fail_marker", "{files}/fail-marker"),
        PoolSpec.haproxy("cap", 2).capacity("1", 1),
        PoolSpec.haproxy("ts", 1).capacity("1", 0).drain(Duration.ofMinutes(1), "abort").sessionsOnServer(true),
        PoolSpec.none("batch", 1).var("greeting", "hello-{id}")));
    lb = site.haproxy();
    TestDatabase db = fleet.postgres(ServerMaintenanceServiceIT.class);
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(db.url());
    dataSource.setUsername(db.user());
    dataSource.setPassword(db.password());
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    jobs = Files.createDirectories(site.root().resolve("jobs"));
    TestFiles.copyTree(Path.of("jobs", PORTAL_JOB), jobs.resolve(PORTAL_JOB));
    TestFiles.copyTree(Path.of("jobs", ROTATE_JOB), jobs.resolve(ROTATE_JOB));
    try (Stream<Path> testJobs = Files.list(Path.of("src/test/resources/jobs"))) {
      for (Path job : testJobs.toList()) {
        TestFiles.copyTree(job, jobs.resolve(job.getFileName().toString()));
      }
    }
    service = service(site.inventory());
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  /** The service as Spring wires it, for one inventory file. */
  static ServerMaintenanceService service(Path inventory) {
    RsaProperties properties = new RsaProperties(inventory, jobs, new RsaProperties.Admin(null, null),
        new RsaProperties.History(Duration.ofDays(3650)), new RsaProperties.Timers(null, null, null, null));
    InventoryService inventoryService = new InventoryService(properties);
    PoolDrivers drivers = new PoolDrivers();
    CapacityGuard guard = new CapacityGuard(new JdbcTemplate(dataSource),
        new DataSourceTransactionManager(dataSource), inventoryService, drivers);
    return new ServerMaintenanceService(inventoryService, properties, drivers,
        new DrainStep(drivers, inventoryService), guard);
  }

  private static String digest(String job) throws Exception {
    return JobPackage.load(jobs.resolve(job)).digest();
  }

  private static String runId() {
    return "it-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private static RunState awaitEnd(Callable<RunState> poll) {
    RunState[] last = new RunState[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      last[0] = poll.call();
      return last[0].ended();
    });
    return last[0];
  }

  // ------------------------------------------------------------------------------------------ preflight

  @Test
  void preflightChoosesTheVariantUploadsAndVerifiesWhileTheServerServes() throws Exception {
    FleetServer s = site.server("portal-03");
    String runId = runId();

    Preflight p = service.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId);

    assertThat(p.poolId()).isEqualTo("portal");
    assertThat(p.customerId()).isEqualTo("acme");
    assertThat(p.platform()).matches("[a-z]+-[0-9.]*-[a-z0-9_]+");
    assertThat(p.variant()).isEqualTo("AutoAction.sh");
    assertThat(p.revertVariant()).isEqualTo("FailureRevert.sh");
    assertThat(p.jobVersion()).isEqualTo("1");
    assertThat(p.digest()).isEqualTo(digest(PORTAL_JOB));
    assertThat(p.runDir()).isEqualTo(s.runRoot().resolve(runId).toString());
    assertThat(p.balanced()).isTrue();
    assertThat(Path.of(p.runDir(), "AutoAction.sh")).isExecutable();
    assertThat(Path.of(p.runDir(), "files/portal.conf")).exists();
    assertThat(lb.status("portal", s.lbName())).isEqualTo("UP");
    assertThat(Files.readString(Path.of(s.vars().get("portal_config")))).isEqualTo("server=portal-03\n");

    // Again (a retry after a crash): same answer, same directory.
    assertThat(service.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId)).isEqualTo(p);

    // Safety invariant 1: while the load balancer sends users to it (UP, or DRAIN for sticky users),
    // nothing starts on it.
    assertThatThrownBy(() -> service.startAutoAction(s.id(), PORTAL_JOB, runId))
        .hasMessageContaining("may still send users", "invariant 1");
    service.poolStep(s.id(), PoolVerb.DRAIN);
    try {
      lb.awaitStatus("portal", s.lbName(), "DRAIN");
      assertThatThrownBy(() -> service.startAutoAction(s.id(), PORTAL_JOB, runId))
          .hasMessageContaining("DRAIN");
      assertThatThrownBy(() -> service.startFailureRevert(s.id(), PORTAL_JOB, runId, null))
          .hasMessageContaining("invariant 1");
    } finally {
      service.poolStep(s.id(), PoolVerb.ENABLE);
    }
    assertThat(Path.of(p.runDir(), ".rsa/started")).doesNotExist();
    assertThat(Path.of(p.runDir(), ".rsa-revert")).doesNotExist();
    lb.awaitStatus("portal", s.lbName(), "UP");
  }

  @Test
  void preflightOfAServerWithoutLoadBalancerSaysItIsNotBalanced() throws Exception {
    Preflight p = service.preflight("batch-01", "env-probe", digest("env-probe"), runId());
    assertThat(p.balanced()).isFalse();
    assertThat(p.revertVariant()).isEqualTo("FailureRevert.sh");
  }

  @Test
  void aWrongApprovedDigestIsRefusedAndNothingReachesTheServer() {
    FleetServer s = site.server("portal-03");
    String runId = runId();

    assertThatThrownBy(() -> service.preflight(s.id(), PORTAL_JOB, "sha256:" + "1".repeat(64), runId))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> assertThat(r.code()).isEqualTo("DIGEST"));

    assertThat(s.runRoot().resolve(runId)).doesNotExist();
  }

  @Test
  void unknownAndChangedHostKeysAreRefusedBeforeAnythingIsDone() throws Exception {
    FleetServer s = site.server("portal-03");
    Path empty = Files.writeString(site.root().resolve("known_hosts.empty"), "");
    ServerMaintenanceService unknown = service(site.inventoryWriter().knownHosts(empty)
        .writeTo(site.root().resolve("inventory-unknown-key.yaml")));
    ServerMaintenanceService changed = service(site.inventoryWriter()
        .knownHosts(site.sshd().knownHostsWithOtherKey())
        .writeTo(site.root().resolve("inventory-changed-key.yaml")));

    for (ServerMaintenanceService wrong : List.of(unknown, changed)) {
      String runId = runId();
      assertThatThrownBy(() -> wrong.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId))
          .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
            assertThat(r.code()).isEqualTo("HOST_KEY");
            assertThat(r.getMessage()).contains(s.id(), "SHA256:", "nothing was done");
          });
      assertThat(s.runRoot().resolve(runId)).doesNotExist();
    }
    assertThatThrownBy(() -> changed.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId()))
        .hasMessageContaining("CHANGED");
  }

  @Test
  void anUnreachableServerIsRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    @SuppressWarnings("unchecked")
    ServerMaintenanceService offline = service(site.inventoryWriter()
        .customize(tree -> ((Map<String, Object>) tree.get("ssh")).put("port", closedPort))
        .writeTo(site.root().resolve("inventory-closed-port.yaml")));

    assertThatThrownBy(() -> offline.preflight("portal-03", PORTAL_JOB, digest(PORTAL_JOB), runId()))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> assertThat(r.code()).isEqualTo("UNREACHABLE"));
  }

  @Test
  void aPackageThatExcludesOrHasNoVariantForThePlatformIsRefused() throws Exception {
    assertThatThrownBy(() -> service.preflight("batch-01", "windows-only", digest("windows-only"), runId()))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("REQUIRES");
          assertThat(r.getMessage()).contains("[windows]", "batch-01");
        });
    assertThatThrownBy(() -> service.preflight("batch-01", "no-variant", digest("no-variant"), runId()))
        .isInstanceOfSatisfying(MaintenanceRefusal.class, r -> {
          assertThat(r.code()).isEqualTo("NO_VARIANT");
          assertThat(r.getMessage()).contains("AutoAction.plan9-4.sh");
        });
  }

  @Test
  void filesChangedOnTheServerAfterTheUploadNeverRun() throws Exception {
    FleetServer s = site.server("batch-01");
    String runId = runId();
    service.preflight(s.id(), "env-probe", digest("env-probe"), runId);
    Path runDir = s.runRoot().resolve(runId);
    Files.writeString(runDir.resolve("AutoAction.sh"), "\necho injected >> runs.log\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> service.startAutoAction(s.id(), "env-probe", runId))
        .isInstanceOf(DigestMismatchException.class);

    assertThat(runDir.resolve("runs.log")).doesNotExist();
    assertThat(runDir.resolve(".rsa/started")).doesNotExist();
  }

  // ------------------------------------------------------------------------------------------ runs

  @Test
  void theExampleWithPlatformVariantsRunsItsDebianVariantOnTheFleet() throws Exception {
    // jobs/rotate-logs on a server without load balancer: the platform probe picks AutoAction.debian.sh
    // (the fleet's servers are this Debian machine), and the run rotates that server's own logs.
    FleetServer s = site.server("batch-01");
    Path logs = Files.createDirectories(s.files().resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "line 1\nline 2\n");
    Path inventory = site.inventoryWriter().customize(tree -> {
      for (Object o : (java.util.List<?>) tree.get("servers")) {
        @SuppressWarnings("unchecked") java.util.Map<String, Object> server = (java.util.Map<String, Object>) o;
        if (s.id().equals(server.get("id"))) {
          @SuppressWarnings("unchecked") java.util.Map<String, Object> vars = (java.util.Map<String, Object>) server.get("vars");
          vars.put("log_dir", logs.toString());
        }
      }
    }).writeTo(site.root().resolve("inventory-rotate.yaml"));
    ServerMaintenanceService rotating = service(inventory);
    String runId = runId();

    Preflight preflight = rotating.preflight(s.id(), ROTATE_JOB, digest(ROTATE_JOB), runId);
    assertThat(preflight.variant()).isEqualTo("AutoAction.debian.sh");
    assertThat(preflight.revertVariant()).isEqualTo("FailureRevert.sh");
    assertThat(preflight.balanced()).isFalse();
    RunState started = rotating.startAutoAction(s.id(), ROTATE_JOB, runId);
    RunState end = awaitEnd(() -> rotating.pollAutoAction(s.id(), ROTATE_JOB, runId, started.startedAt()));
    assertThat(end.succeeded()).as(end.fullOutput()).isTrue();
    assertThat(Files.size(logs.resolve("app.log"))).as("the live log was emptied").isZero();
    try (Stream<Path> files = Files.list(logs)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anySatisfy(name -> assertThat(name).startsWith("app.log.").endsWith(".gz"));
    }
  }

  @Test
  void happyPathDrainDisableRunEnableUp() throws Exception {
    FleetServer s = site.server("portal-01");
    Path conf = Path.of(s.vars().get("portal_config"));
    String newContent = Files.readString(jobs.resolve(PORTAL_JOB).resolve("files/portal.conf"));
    String runId = runId();
    String owner = "process-" + runId;

    service.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId);
    assertThat(service.acquireCapacity(s.id(), owner).granted()).isTrue();

    PoolStep drain = service.poolStep(s.id(), PoolVerb.DRAIN);
    assertThat(drain.personMustAct()).isFalse();
    lb.awaitStatus("portal", s.lbName(), "DRAIN");
    DrainRound round = service.drainRound(s.id(), PORTAL_JOB, Instant.now());
    assertThat(round.state()).isEqualTo("DRAINED");
    assertThat(round.sessions()).isZero();
    assertThat(round.onTimeout()).isEqualTo("ask"); // the job's drain policy overrides the pool's "proceed"

    service.poolStep(s.id(), PoolVerb.DISABLE);
    lb.awaitStatus("portal", s.lbName(), "MAINT");
    assertThat(service.isUp(s.id())).isFalse();

    RunState started = service.startAutoAction(s.id(), PORTAL_JOB, runId);
    assertThat(started.startedAt()).isNotNull();
    RunState end = awaitEnd(() -> service.pollAutoAction(s.id(), PORTAL_JOB, runId, started.startedAt()));
    assertThat(end.succeeded()).as(end.fullOutput()).isTrue();
    assertThat(end.exitCode()).isZero();
    assertThat(end.reason()).isNull();
    assertThat(end.output()).contains("RSA-RESULT: SUCCESS");
    assertThat(Files.readString(conf)).isEqualTo(newContent);

    Health health = service.healthCheck(s.id(), PORTAL_JOB, runId);
    assertThat(health.healthy()).isTrue();

    service.poolStep(s.id(), PoolVerb.ENABLE);
    await().atMost(Duration.ofSeconds(20)).until(() -> service.isUp(s.id()));
    service.releaseCapacity(s.id(), owner);
    lb.awaitStatus("portal", s.lbName(), "UP");
  }

  @Test
  void aFailedAutoActionIsUndoneByItsFailureRevertInTheSameRunDirectory() throws Exception {
    FleetServer s = site.server("portal-02");
    Path conf = Path.of(s.vars().get("portal_config"));
    String before = Files.readString(conf);
    Files.writeString(Path.of(s.vars().get("fail_marker")), "after-replace\n");
    String runId = runId();
    try {
      service.preflight(s.id(), PORTAL_JOB, digest(PORTAL_JOB), runId);
      service.poolStep(s.id(), PoolVerb.DISABLE);
      lb.awaitStatus("portal", s.lbName(), "MAINT");
      RunState started = service.startAutoAction(s.id(), PORTAL_JOB, runId);
      RunState failed = awaitEnd(() -> service.pollAutoAction(s.id(), PORTAL_JOB, runId, started.startedAt()));

      assertThat(failed.succeeded()).isFalse();
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.reason()).contains("asks to fail after-replace");
      assertThat(Files.readString(conf)).isNotEqualTo(before); // the partial change happened

      RunState revertStarted = service.startFailureRevert(s.id(), PORTAL_JOB, runId, failed.exitCode());
      RunState reverted = awaitEnd(() -> service.pollFailureRevert(s.id(), PORTAL_JOB, runId,
          revertStarted.startedAt()));

      assertThat(reverted.succeeded()).as(reverted.fullOutput()).isTrue();
      assertThat(reverted.output()).contains("AutoAction exit code: 1", "restored from");
      assertThat(Files.readString(conf)).isEqualTo(before);
      // Both runs are still there, each in its own slot.
      assertThat(service.pollAutoAction(s.id(), PORTAL_JOB, runId, started.startedAt()).exitCode()).isEqualTo(1);
      assertThat(service.startFailureRevert(s.id(), PORTAL_JOB, runId, 1).succeeded()).isTrue();
    } finally {
      Files.deleteIfExists(Path.of(s.vars().get("fail_marker")));
      service.poolStep(s.id(), PoolVerb.ENABLE);
    }
    lb.awaitStatus("portal", s.lbName(), "UP");
  }

  @Test
  void theRunGetsItsEnvironmentAndStartingTwiceRunsOnce() throws Exception {
    FleetServer s = site.server("batch-01");
    String runId = runId();
    Preflight p = service.preflight(s.id(), "env-probe", digest("env-probe"), runId);

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<RunState>> starts = pool.invokeAll(List.of(
          () -> service.startAutoAction(s.id(), "env-probe", runId),
          () -> service.startAutoAction(s.id(), "env-probe", runId),
          () -> service.startAutoAction(s.id(), "env-probe", runId)));
      for (Future<RunState> f : starts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    RunState again = service.startAutoAction(s.id(), "env-probe", runId);
    RunState end = awaitEnd(() -> service.pollAutoAction(s.id(), "env-probe", runId, again.startedAt()));

    assertThat(end.succeeded()).isTrue();
    assertThat(end.reported()).isTrue();
    assertThat(Files.readAllLines(s.runRoot().resolve(runId).resolve("runs.log"))).hasSize(1);
    assertThat(end.output()).contains(
        "RSA_RUN_ID=" + runId + "\n",
        "RSA_RUN_DIR=" + p.runDir() + "\n",
        "RSA_SERVER_ID=batch-01\n",
        "RSA_JOB_ID=env-probe\n",
        "RSA_JOB_VERSION=2\n",
        "RSA_PLATFORM=" + p.platform() + "\n",
        "RSA_PARAM_GREETING=hello-batch-01\n",  // the inventory's var wins
        "RSA_PARAM_OTHER=default-other\n",      // the manifest's default
        "cwd=" + p.runDir() + "\n");
    assertThat(end.output()).doesNotContain("RSA_AUTOACTION_EXIT", "RSA_PARAM_PORTAL_CONFIG");

    Health health = service.healthCheck(s.id(), "env-probe", runId);
    assertThat(health.healthy()).isTrue();
    assertThat(health.output()).contains("healthy hello-batch-01");

    RunState revert = service.startFailureRevert(s.id(), "env-probe", runId, null);
    RunState reverted = awaitEnd(() -> service.pollFailureRevert(s.id(), "env-probe", runId, revert.startedAt()));
    assertThat(reverted.output()).contains("RSA_AUTOACTION_EXIT=\n", "RSA_RUN_ID=" + runId + "\n");
    service.startFailureRevert(s.id(), "env-probe", runId, null);
    assertThat(Files.readAllLines(s.runRoot().resolve(runId).resolve("reverts.log"))).hasSize(1);
  }

  @Test
  void pastItsTimeoutTheRunsProcessGroupIsKilled() throws Exception {
    FleetServer s = site.server("batch-01");
    String runId = runId();
    service.preflight(s.id(), "slow-job", digest("slow-job"), runId);
    RunState started = service.startAutoAction(s.id(), "slow-job", runId);
    assertThat(started.ended()).isFalse();
    Path state = s.runRoot().resolve(runId).resolve(".rsa");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(state.resolve("stdout"))
        && Files.readString(state.resolve("stdout")).contains("child "));
    String pgid = Files.readString(state.resolve("pgid")).strip();
    assertThat(site.exec(s, "kill -0 -" + pgid + " && echo alive").stdout()).contains("alive");

    RunState end = awaitEnd(() -> service.pollAutoAction(s.id(), "slow-job", runId, started.startedAt()));

    assertThat(end.succeeded()).isFalse();
    assertThat(end.exitCode()).isNull();
    assertThat(end.reason()).startsWith("timed out after PT3S");
    assertThat(site.exec(s, "kill -0 -" + pgid + " 2>/dev/null && echo alive || echo gone").stdout())
        .contains("gone");
    // Polled again: still the same verdict.
    assertThat(service.pollAutoAction(s.id(), "slow-job", runId, started.startedAt()).reason())
        .startsWith("timed out after PT3S");

    Health health = service.healthCheck(s.id(), "slow-job", runId);
    assertThat(health.healthy()).isFalse();
    assertThat(health.output()).startsWith("timed out after PT1S");

    // The FailureRevert has a slot, a timeout and a kill of its own; the AutoAction's verdict stays.
    RunState revertStarted = service.startFailureRevert(s.id(), "slow-job", runId, null);
    assertThat(revertStarted.ended()).isFalse();
    RunState revert = awaitEnd(() -> service.pollFailureRevert(s.id(), "slow-job", runId,
        revertStarted.startedAt()));
    assertThat(revert.succeeded()).isFalse();
    assertThat(revert.reason()).startsWith("timed out after PT3S");
    assertThat(revert.output()).contains("reverting slowly");
    assertThat(service.pollAutoAction(s.id(), "slow-job", runId, started.startedAt()).output())
        .doesNotContain("reverting");
  }

  @Test
  void aFailureRevertDoesNotRunWhenThePackagesOwnFilesChangedOnTheServer() throws Exception {
    FleetServer s = site.server("batch-01");
    String runId = runId();
    service.preflight(s.id(), "env-probe", digest("env-probe"), runId);
    RunState started = service.startAutoAction(s.id(), "env-probe", runId);
    awaitEnd(() -> service.pollAutoAction(s.id(), "env-probe", runId, started.startedAt()));
    Path runDir = s.runRoot().resolve(runId);
    Files.writeString(runDir.resolve("FailureRevert.sh"), "#!/bin/sh\necho not approved >> reverts.log\n");

    assertThatThrownBy(() -> service.startFailureRevert(s.id(), "env-probe", runId, 0))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("FailureRevert.sh");

    assertThat(runDir.resolve("reverts.log")).doesNotExist();
    assertThat(runDir.resolve(".rsa-revert/started")).doesNotExist();
  }

  @Test
  void drainRoundsCountBalancerSessionsAndUsersOnTheServerUntilTheTimeout() throws Exception {
    FleetServer s = site.server("ts-01");
    // Users logged on to the (shared) test machine are users of this server too: count them the same way.
    int onServer = Integer.parseInt(site.exec(s, "who | grep -c . || true").stdout().strip());
    service.poolStep(s.id(), PoolVerb.DRAIN);
    try (var user = lb.clientOn(s).hold()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> lb.sessions("ts", s.lbName()) == 1);

      DrainRound busy = service.drainRound(s.id(), "env-probe", Instant.now());
      assertThat(busy.state()).isEqualTo("NOT_YET");
      assertThat(busy.sessions()).isEqualTo(1 + onServer);
      assertThat(busy.onTimeout()).isEqualTo("abort"); // env-probe has no drain policy: the pool's applies

      DrainRound late = service.drainRound(s.id(), "env-probe", Instant.now().minus(Duration.ofMinutes(2)));
      assertThat(late.state()).isEqualTo("TIMED_OUT");
      assertThat(late.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    } finally {
      await().atMost(Duration.ofSeconds(10)).until(() -> lb.sessions("ts", s.lbName()) == 0);
    }
    DrainRound after = service.drainRound(s.id(), "env-probe", Instant.now());
    assertThat(after.state()).isEqualTo(onServer == 0 ? "DRAINED" : "NOT_YET");
    assertThat(after.sessions()).isEqualTo(onServer);
    service.poolStep(s.id(), PoolVerb.ENABLE);
    lb.awaitStatus("ts", s.lbName(), "UP");
  }

  // ------------------------------------------------------------------------------------------ capacity

  @Test
  void capacityIsAcquiredTransferredAndReleased() {
    Capacity first = service.acquireCapacity("cap-01", "process-a");
    assertThat(first.granted()).as(first.reason()).isTrue();
    assertThat(service.acquireCapacity("cap-01", "process-a").granted()).isTrue(); // idempotent

    Capacity second = service.acquireCapacity("cap-02", "process-b");
    assertThat(second.granted()).isFalse();
    assertThat(second.reason()).contains("maxUnavailable");

    service.transferCapacity("cap-01", "process-a", "follow-up-a");
    service.transferCapacity("cap-01", "process-a", "follow-up-a"); // again after a crash: nothing to do
    assertThat(service.acquireCapacity("cap-02", "process-b").granted()).isFalse();
    assertThatThrownBy(() -> service.transferCapacity("cap-01", "nobody", "someone"))
        .isInstanceOf(IllegalStateException.class);

    service.releaseCapacity("cap-01", "follow-up-a");
    service.releaseCapacity("cap-01", "follow-up-a");
    Capacity later = service.acquireCapacity("cap-02", "process-b");
    assertThat(later.granted()).as(later.reason()).isTrue();
    service.releaseCapacity("cap-02", "process-b");
  }
}
