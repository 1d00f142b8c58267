package io.remoteservice.agent.maintenance;

import io.remoteservice.agent.config.RsaProperties;
import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.DriverType;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.job.InvalidJobPackageException;
import io.remoteservice.agent.job.JobPackage;
import io.remoteservice.agent.job.Manifest;
import io.remoteservice.agent.job.NoMatchingVariantException;
import io.remoteservice.agent.job.Outcome;
import io.remoteservice.agent.job.RunEnvironment;
import io.remoteservice.agent.job.Script;
import io.remoteservice.agent.job.VariantChoice;
import io.remoteservice.agent.pool.ActionResult;
import io.remoteservice.agent.pool.CapacityGuard;
import io.remoteservice.agent.pool.DrainCheck;
import io.remoteservice.agent.pool.DrainStep;
import io.remoteservice.agent.pool.LbStatus;
import io.remoteservice.agent.pool.LeaseDecision;
import io.remoteservice.agent.pool.ManualStep;
import io.remoteservice.agent.pool.PoolDriver;
import io.remoteservice.agent.pool.PoolDrivers;
import io.remoteservice.agent.pool.ServerState;
import io.remoteservice.agent.remote.AuthenticationFailedException;
import io.remoteservice.agent.remote.ChangedHostKeyException;
import io.remoteservice.agent.remote.ConnectionRefusedException;
import io.remoteservice.agent.remote.DetachedRuns;
import io.remoteservice.agent.remote.ExecResult;
import io.remoteservice.agent.remote.HostUnreachableException;
import io.remoteservice.agent.remote.Platform;
import io.remoteservice.agent.remote.PlatformProbe;
import io.remoteservice.agent.remote.RemoteException;
import io.remoteservice.agent.remote.RemoteSession;
import io.remoteservice.agent.remote.RemoteShell;
import io.remoteservice.agent.remote.RemoteTimeoutException;
import io.remoteservice.agent.remote.RunDir;
import io.remoteservice.agent.remote.RunDirectories;
import io.remoteservice.agent.remote.RunSlot;
import io.remoteservice.agent.remote.RunStatus;
import io.remoteservice.agent.remote.UnknownHostKeyException;
import io.remoteservice.agent.remote.UploadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The steps of one server's maintenance on top of the inventory, the job packages, SSH and the pool
 * drivers. Stateless between calls: everything a later step needs is either an argument, in the
 * inventory and the job package, or on the server (the run directory with its two run slots), so every
 * step can be called again after a crash. Each call opens its own SSH connection.
 */
@Service
public class ServerMaintenanceService implements MaintenanceSteps {

  private static final Logger log = LoggerFactory.getLogger(ServerMaintenanceService.class);
  private static final Pattern JOB_ID = Pattern.compile("[a-z0-9-]{1,64}");
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(1);

  private final Supplier<Inventory> inventory;
  private final Path jobs;
  private final PoolDrivers drivers;
  private final DrainStep drainStep;
  private final CapacityGuard capacity;
  private final RemoteShell shell;
  private final DetachedRuns runs;
  private final RunDirectories directories;
  private final PlatformProbe probe;
  private final Clock clock;

  @Autowired
  public ServerMaintenanceService(InventoryService inventory, RsaProperties properties, PoolDrivers drivers,
      DrainStep drainStep, CapacityGuard capacity) {
    this(inventory::current, properties.jobs(), drivers, drainStep, capacity, new RemoteShell(),
        new DetachedRuns(), new PlatformProbe(), Clock.systemUTC());
  }

  ServerMaintenanceService(Supplier<Inventory> inventory, Path jobs, PoolDrivers drivers, DrainStep drainStep,
      CapacityGuard capacity, RemoteShell shell, DetachedRuns runs, PlatformProbe probe, Clock clock) {
    this.inventory = inventory;
    this.jobs = jobs;
    this.drivers = drivers;
    this.drainStep = drainStep;
    this.capacity = capacity;
    this.shell = shell;
    this.runs = runs;
    this.directories = new RunDirectories(runs);
    this.probe = probe;
    this.clock = clock;
  }

  // ------------------------------------------------------------------------------------------ preflight

  @Override
  public Preflight preflight(String serverId, String jobId, String approvedDigest, String runId) {
    Target t = target(serverId, jobId);
    if (approvedDigest == null || approvedDigest.isBlank()) {
      throw new MaintenanceRefusal("DIGEST", "no approved digest was given for job " + jobId + "; a job runs"
          + " only with the digest its approval froze (`job check` prints it)");
    }
    // The package as the agent holds it now: checked before anything is sent to the server.
    if (!t.pkg().digest().equals(approvedDigest)) {
      throw new MaintenanceRefusal("DIGEST", "job package " + jobId + " has the digest " + t.pkg().digest()
          + ", but " + approvedDigest + " was approved: the package changed after its approval. Nothing was"
          + " done on server " + serverId + "; approve the package again to run it.");
    }
    RunDir dir = runDir(t.server(), runId);
    try (RemoteSession session = connectForPreflight(t.server())) {
      Platform platform = probe.probe(session);
      VariantChoice choice = choose(t, platform);
      String verifiedDigest;
      if (runs.status(session, dir, RunSlot.MAIN).state() != RunStatus.State.NOT_STARTED) {
        // A retry after the AutoAction started: its files were verified before the start and must not
        // be replaced now.
        log.info("preflight {} job {} run {}: the run was started before; its directory is left as it is",
            serverId, jobId, runId);
        verifiedDigest = approvedDigest;
      } else {
        RunDirectories.Upload upload = directories.upload(session, dir, uploadFiles(t.pkg()));
        if (!upload.remoteDigest().equals(approvedDigest)) {
          log.warn("preflight {} job {} run {}: uploaded files have digest {}, approved {}", serverId, jobId,
              runId, upload.remoteDigest(), approvedDigest);
          throw new MaintenanceRefusal("DIGEST", "the files uploaded to " + dir + " on server " + serverId
              + " have the digest " + upload.remoteDigest() + ", not the approved " + approvedDigest
              + "; nothing was run. Upload again; if it keeps differing, something changes files on the server.");
        }
        verifiedDigest = upload.remoteDigest();
      }
      log.info("preflight {} job {} run {}: platform {}, {}, digest verified in {}", serverId, jobId, runId,
          platform, choice, dir);
      return new Preflight(t.pool().id(), t.pool().customer(), platform.toString(),
          choice.autoAction().fileName(), choice.failureRevert().map(Script::fileName).orElse(null),
          t.pkg().manifest().version(), verifiedDigest, dir.path(), t.pool().balanced());
    }
  }

  private RemoteSession connectForPreflight(Server server) {
    try {
      return shell.open(sshSettings(server));
    } catch (UnknownHostKeyException e) {
      throw new MaintenanceRefusal("HOST_KEY", "the host key of server " + server.id() + " is unknown ("
          + e.keyType() + " " + e.fingerprint() + "); nothing was done. " + e.getMessage(), e);
    } catch (ChangedHostKeyException e) {
      throw new MaintenanceRefusal("HOST_KEY", "the host key of server " + server.id() + " has CHANGED ("
          + e.keyType() + " " + e.fingerprint() + "); nothing was done. " + e.getMessage(), e);
    } catch (ConnectionRefusedException | HostUnreachableException e) {
      throw new MaintenanceRefusal("UNREACHABLE", "server " + server.id() + " cannot be reached: "
          + e.getMessage(), e);
    } catch (RemoteTimeoutException e) {
      throw new MaintenanceRefusal("UNREACHABLE", "server " + server.id() + " does not answer: "
          + e.getMessage(), e);
    } catch (AuthenticationFailedException e) {
      throw new MaintenanceRefusal("AUTHENTICATION", "server " + server.id() + " refused the agent's key: "
          + e.getMessage(), e);
    }
  }

  private VariantChoice choose(Target t, Platform platform) {
    if (platform.family().equals("windows")) {
      throw new MaintenanceRefusal("UNSUPPORTED_PLATFORM", "server " + t.server().id() + " runs Windows ("
          + platform + "); Windows targets are recognised but not run yet");
    }
    if (!t.pkg().supports(platform)) {
      throw new MaintenanceRefusal("REQUIRES", "job " + t.pkg().id() + " requires "
          + t.pkg().manifest().requires() + "; server " + t.server().id() + " runs " + platform
          + " (family " + platform.family() + ")");
    }
    try {
      return t.pkg().choose(t.server().id(), platform);
    } catch (NoMatchingVariantException e) {
      throw new MaintenanceRefusal("NO_VARIANT", e.getMessage(), e);
    }
  }

  private static List<UploadFile> uploadFiles(JobPackage pkg) {
    return pkg.fileEntries().stream()
        .map(e -> new UploadFile(e.path(), pkg.directory().resolve(e.path()), e.executable()))
        .toList();
  }

  // ------------------------------------------------------------------------------------------ capacity

  @Override
  public Capacity acquireCapacity(String serverId, String owner) {
    server(serverId);
    LeaseDecision decision = capacity.acquire(serverId, owner);
    return new Capacity(decision.granted(), decision.reason());
  }

  @Override
  public void releaseCapacity(String serverId, String owner) {
    capacity.release(serverId, owner);
  }

  @Override
  public void transferCapacity(String serverId, String fromOwner, String toOwner) {
    Server server = server(serverId);
    if (capacity.transfer(serverId, fromOwner, toOwner)) {
      return;
    }
    // Called again after the transfer committed: the lease is already where it should be.
    boolean alreadyThere = capacity.leases(server.pool()).stream()
        .anyMatch(l -> l.serverId().equals(serverId) && l.owner().equals(toOwner));
    if (!alreadyThere) {
      throw new IllegalStateException("the capacity lease of server " + serverId + " is held neither by "
          + fromOwner + " nor by " + toOwner + "; nothing to pass on");
    }
  }

  // ------------------------------------------------------------------------------------------ pool

  @Override
  public PoolStep poolStep(String serverId, PoolVerb verb) {
    Server server = server(serverId);
    Pool pool = inventory.get().poolOf(server);
    PoolDriver driver = drivers.forPool(pool);
    ActionResult result = switch (verb) {
      case DRAIN -> driver.drain(server);
      case DISABLE -> driver.disable(server);
      case ENABLE -> driver.enable(server);
    };
    log.info("pool {} server {}: {} -> {} {}", pool.id(), serverId, verb, result.kind(), result.summary());
    return toPoolStep(result);
  }

  static PoolStep toPoolStep(ActionResult result) {
    boolean person = result.kind() == ActionResult.Kind.PERSON_MUST_ACT;
    return new PoolStep(person, result.summary(), person ? instructions(result.step()) : null,
        result.notes());
  }

  static String instructions(ManualStep step) {
    if (step == null) {
      return null;
    }
    StringBuilder s = new StringBuilder(step.action());
    if (step.console() != null && !step.console().isBlank()) {
      s.append("\nConsole: ").append(step.console());
    }
    if (step.instructions() != null && !step.instructions().isBlank()) {
      s.append("\nHow: ").append(step.instructions());
    }
    return s.toString();
  }

  @Override
  public DrainRound drainRound(String serverId, String jobId, Instant drainStartedAt) {
    if (drainStartedAt == null) {
      throw new IllegalArgumentException("drainRound for server " + serverId + " needs the time the drain"
          + " started");
    }
    Target t = target(serverId, jobId);
    Manifest.Drain jobDrain = t.pkg().manifest().drain();
    DrainPolicy policy = drainStep.effectivePolicy(serverId, jobDrain == null ? null : jobDrain.timeout(),
        jobDrain == null || jobDrain.onTimeout() == null ? null
            : DrainPolicy.OnTimeout.valueOf(jobDrain.onTimeout().name()));
    DrainCheck check = drainStep.check(serverId, policy, drainStartedAt, this::loggedOnUsers);
    log.info("drain {} job {}: {}", serverId, jobId, check);
    return toDrainRound(check, policy);
  }

  static DrainRound toDrainRound(DrainCheck check, DrainPolicy policy) {
    Integer sessions = check.lbSessions() == null ? null
        : check.lbSessions() + (check.serverUsers() == null ? 0 : check.serverUsers());
    return new DrainRound(check.outcome().name(), sessions, policy.onTimeout().yamlName(),
        check.outcome() == DrainCheck.Outcome.PERSON_MUST_ACT ? instructions(check.step()) : null,
        check.elapsed());
  }

  /** Users logged on to the server itself, for terminal servers whose users the balancer cannot see. */
  private int loggedOnUsers(Server server) {
    try (RemoteSession session = shell.open(sshSettings(server))) {
      ExecResult who = session.exec("who");
      if (who.exitCode() != 0) {
        throw new RemoteException(session.target(), "`who` failed (exit " + who.exitCode() + "): "
            + who.stderr().text().strip() + "; the drain cannot count the users on the server");
      }
      return (int) who.stdout().text().lines().filter(l -> !l.isBlank()).count();
    }
  }

  @Override
  public boolean isUp(String serverId) {
    Server server = server(serverId);
    Pool pool = inventory.get().poolOf(server);
    if (pool.driver() == DriverType.MANUAL) {
      // The console cannot be asked; the person who did the enable step checked it there.
      return true;
    }
    ServerState state = drivers.forPool(pool).state(server);
    if (!state.errors().isEmpty()) {
      log.warn("pool {} server {}: not every load balancer answered: {}", pool.id(), serverId, state.errors());
      return false;
    }
    return state.up();
  }

  // ------------------------------------------------------------------------------------------ runs

  @Override
  public RunState startAutoAction(String serverId, String jobId, String runId) {
    Target t = target(serverId, jobId);
    RunDir dir = runDir(t.server(), runId);
    try (RemoteSession session = shell.open(sshSettings(t.server()))) {
      Platform platform = probe.probe(session);
      VariantChoice choice = choose(t, platform);
      Map<String, String> env = RunEnvironment.forAutoAction(context(t, runId, dir, platform),
          t.pkg().manifest(), t.server().vars());
      if (runs.status(session, dir, RunSlot.MAIN).state() == RunStatus.State.NOT_STARTED) {
        requireOutOfService(t, "AutoAction");
      }
      // Verifies the directory against the package the agent holds, which preflight found equal to the
      // approved digest; a run that was started before is neither verified nor started again.
      DetachedRuns.StartResult started = directories.verifyAndStart(session, dir, t.pkg().digest(),
          choice.autoAction().fileName(), env);
      log.info("AutoAction {} of job {} on server {} in {}: {}", choice.autoAction().fileName(), jobId,
          serverId, dir, started);
      // Just after the claim the launcher may not have written its start time yet: then the agent's
      // clock stands in, so that the caller always has a start to count the timeout from.
      return judge(runs.status(session, dir, RunSlot.MAIN), t.pkg().manifest().timeouts().autoAction(),
          clock.instant());
    }
  }

  @Override
  public RunState pollAutoAction(String serverId, String jobId, String runId, Instant startedAt) {
    Target t = target(serverId, jobId);
    return poll(t, runId, RunSlot.MAIN, t.pkg().manifest().timeouts().autoAction(), startedAt);
  }

  @Override
  public RunState startFailureRevert(String serverId, String jobId, String runId, Integer autoActionExit) {
    Target t = target(serverId, jobId);
    RunDir dir = runDir(t.server(), runId);
    Duration timeout = t.pkg().manifest().timeouts().failureRevert();
    try (RemoteSession session = shell.open(sshSettings(t.server()))) {
      Platform platform = probe.probe(session);
      VariantChoice choice = choose(t, platform);
      if (choice.failureRevert().isEmpty()) {
        return new RunState(true, false, null, "job " + jobId + " has no FailureRevert for server " + serverId
            + " (" + platform + "); the failure cannot be reverted automatically", false, "", "", null);
      }
      String program = choice.failureRevert().get().fileName();
      if (runs.status(session, dir, RunSlot.REVERT).state() == RunStatus.State.NOT_STARTED) {
        requireOutOfService(t, "FailureRevert");
        stopAutoActionIfRunning(session, dir, serverId);
        // The AutoAction wrote into the directory, so only the package's own files can be checked.
        directories.requirePackageFiles(session, dir, t.pkg().fileEntries());
        Map<String, String> env = RunEnvironment.forFailureRevert(context(t, runId, dir, platform),
            t.pkg().manifest(), t.server().vars(), autoActionExit);
        DetachedRuns.StartResult started = runs.start(session, dir, RunSlot.REVERT, program, env);
        log.info("FailureRevert {} of job {} on server {} in {} (AutoAction exit {}): {}", program, jobId,
            serverId, dir, autoActionExit, started);
      }
      return judge(runs.status(session, dir, RunSlot.REVERT), timeout, clock.instant());
    }
  }

  /**
   * Safety invariant 1, checked where it matters: no program starts while a load balancer still sends
   * users to the server. MAINT (disabled) and DOWN (failing its health check) receive no users; DRAIN
   * still serves its sticky users. Pools without a load balancer have nothing to check; for manual pools
   * the agent cannot ask, and the person who did the disable step has checked the console.
   */
  private void requireOutOfService(Target t, String what) {
    if (!t.pool().balanced() || t.pool().driver() == DriverType.MANUAL) {
      return;
    }
    ServerState state = drivers.forPool(t.pool()).state(t.server());
    if (!state.errors().isEmpty()) {
      throw new IllegalStateException("the " + what + " is not started on server " + t.server().id()
          + ": not every load balancer of pool " + t.pool().id() + " answered, so it is not known that no"
          + " user reaches the server: " + state.errors());
    }
    List<String> serving = state.lbs().stream()
        .filter(lb -> lb.status() != LbStatus.MAINT && lb.status() != LbStatus.DOWN)
        .map(lb -> lb.lb() + " reports " + (lb.rawStatus() == null ? lb.status() : lb.rawStatus()))
        .toList();
    if (!serving.isEmpty()) {
      throw new IllegalStateException("the " + what + " is not started on server " + t.server().id()
          + ": the load balancer may still send users to it (" + String.join("; ", serving) + "). Safety"
          + " invariant 1: disable the server in pool " + t.pool().id() + " first.");
    }
  }

  /** A FailureRevert never runs beside its AutoAction. */
  private void stopAutoActionIfRunning(RemoteSession session, RunDir dir, String serverId) {
    if (runs.status(session, dir, RunSlot.MAIN).state() == RunStatus.State.RUNNING) {
      log.warn("server {}: the AutoAction in {} still runs; killing it before the FailureRevert", serverId, dir);
      if (runs.kill(session, dir, RunSlot.MAIN) == DetachedRuns.KillResult.PROCESSES_LEFT) {
        throw new RemoteException(session.target(), "processes of the AutoAction in " + dir + " survived TERM"
            + " and KILL; the FailureRevert is not started beside them");
      }
    }
  }

  @Override
  public RunState pollFailureRevert(String serverId, String jobId, String runId, Instant startedAt) {
    Target t = target(serverId, jobId);
    return poll(t, runId, RunSlot.REVERT, t.pkg().manifest().timeouts().failureRevert(), startedAt);
  }

  private RunState poll(Target t, String runId, RunSlot slot, Duration timeout, Instant startedAt) {
    RunDir dir = runDir(t.server(), runId);
    String what = slot == RunSlot.MAIN ? "AutoAction" : "FailureRevert";
    try (RemoteSession session = shell.open(sshSettings(t.server()))) {
      RunStatus status = runs.status(session, dir, slot);
      if (status.state() == RunStatus.State.NOT_STARTED) {
        throw new IllegalStateException("the " + what + " of run " + runId + " on server " + t.server().id()
            + " was never started (" + dir + "); start it before polling it");
      }
      if (status.state() == RunStatus.State.RUNNING) {
        Instant since = startedAt != null ? startedAt : status.startedAt();
        if (since == null || clock.instant().isBefore(since.plus(timeout))) {
          return judge(status, timeout, startedAt);
        }
        DetachedRuns.KillResult killed = runs.kill(session, dir, slot);
        log.warn("{} of job {} on server {} ran longer than {}: killed its process group ({})", what,
            t.pkg().id(), t.server().id(), timeout, killed);
        if (killed == DetachedRuns.KillResult.PROCESSES_LEFT) {
          throw new RemoteException(session.target(), "the " + what + " in " + dir + " timed out after "
              + timeout + " and processes of its group survived TERM and KILL; trying again");
        }
        status = runs.status(session, dir, slot);
      }
      RunState state = judge(status, timeout, startedAt);
      if (state.ended()) {
        log.info("{} of job {} on server {} ended: {}", what, t.pkg().id(), t.server().id(),
            Boolean.TRUE.equals(state.succeeded()) ? "success" : "failure (" + state.reason() + ")");
      }
      return state;
    }
  }

  /** What a run's status means, judged by the job's rules; a run the agent killed has timed out. */
  static RunState judge(RunStatus status, Duration timeout, Instant startedAt) {
    Instant started = status.startedAt() != null ? status.startedAt() : startedAt;
    return switch (status.state()) {
      case NOT_STARTED -> throw new IllegalStateException("the run was never started");
      case RUNNING -> new RunState(false, null, null, null, false, "", "", started);
      case LOST -> {
        String full = output(status);
        Outcome outcome = Outcome.evaluate(null, false, status.stdout().text());
        yield new RunState(true, false, null, "the run was lost: it neither runs nor recorded an exit code"
            + " (the server rebooted, or its processes were killed from outside)", outcome.reported(),
            BoundedText.of(full, BoundedText.PROCESS_VARIABLE_LIMIT), full, started);
      }
      case ENDED -> {
        String full = output(status);
        boolean timedOut = status.killed();
        Outcome outcome = Outcome.evaluate(timedOut ? null : status.exitCode(), timedOut, status.stdout().text());
        String reason = outcome.success() ? null
            : timedOut ? "timed out after " + timeout + "; its process group was killed" : outcome.reason();
        yield new RunState(true, outcome.success(), timedOut ? null : status.exitCode(), reason,
            outcome.reported(), BoundedText.of(full, BoundedText.PROCESS_VARIABLE_LIMIT), full, started);
      }
    };
  }

  /** Standard output, then standard error under a line of its own. */
  static String output(RunStatus status) {
    String out = status.stdout().text();
    String err = status.stderr().text();
    if (err.isEmpty()) {
      return out;
    }
    return out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "--- stderr ---\n" + err;
  }

  @Override
  public Health healthCheck(String serverId, String jobId, String runId) {
    Target t = target(serverId, jobId);
    Optional<Manifest.Health> health = t.pkg().manifest().healthCheck();
    if (health.isEmpty()) {
      return new Health(true, "job " + jobId + " has no health check");
    }
    Duration timeout = health.get().timeout() != null ? health.get().timeout() : DEFAULT_HEALTH_TIMEOUT;
    RunDir dir = runDir(t.server(), runId);
    try (RemoteSession session = shell.open(sshSettings(t.server()))) {
      Platform platform = probe.probe(session);
      Map<String, String> env = RunEnvironment.forAutoAction(context(t, runId, dir, platform),
          t.pkg().manifest(), t.server().vars());
      ExecResult result;
      try {
        result = directories.runIn(session, dir, env, health.get().command(), timeout);
      } catch (RemoteTimeoutException e) {
        if (e.phase() != RemoteTimeoutException.Phase.COMMAND) {
          throw e;
        }
        log.warn("health check of job {} on server {} timed out after {}", jobId, serverId, timeout);
        return new Health(false, BoundedText.of("timed out after " + timeout + "\n"
            + (e.partialResult() == null ? "" : text(e.partialResult())), BoundedText.PROCESS_VARIABLE_LIMIT));
      }
      boolean healthy = result.exitCode() == 0;
      log.info("health check of job {} on server {}: exit {}", jobId, serverId, result.exitCode());
      return new Health(healthy, BoundedText.of("exit " + result.exitCode() + "\n" + text(result),
          BoundedText.PROCESS_VARIABLE_LIMIT));
    }
  }

  private static String text(ExecResult result) {
    String out = result.stdout().text();
    String err = result.stderr().text();
    return err.isEmpty() ? out : out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "--- stderr ---\n" + err;
  }

  // ------------------------------------------------------------------------------------------ lookups

  private record Target(Server server, Pool pool, JobPackage pkg) {}

  private Target target(String serverId, String jobId) {
    Server server = server(serverId);
    return new Target(server, inventory.get().poolOf(server), job(jobId));
  }

  private Server server(String serverId) {
    if (serverId == null) {
      throw new MaintenanceRefusal("UNKNOWN_SERVER", "no server id was given");
    }
    return inventory.get().server(serverId).orElseThrow(() -> new MaintenanceRefusal("UNKNOWN_SERVER",
        "server '" + serverId + "' is not in the inventory; check the id or add it to the inventory"));
  }

  private JobPackage job(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new MaintenanceRefusal("UNKNOWN_JOB", "'" + jobId + "' is not a job id ([a-z0-9-]+)");
    }
    Path directory = jobs.resolve(jobId);
    if (!Files.isDirectory(directory)) {
      throw new MaintenanceRefusal("UNKNOWN_JOB", "there is no job package '" + jobId + "' in "
          + jobs.toAbsolutePath() + " (rsa.jobs / RSA_JOBS)");
    }
    try {
      return JobPackage.load(directory);
    } catch (InvalidJobPackageException e) {
      throw new MaintenanceRefusal("INVALID_JOB", e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read job package " + directory + ": " + e.getMessage(), e);
    }
  }

  private static RunDir runDir(Server server, String runId) {
    return new RunDir(server.runRoot(), runId);
  }

  private static RunEnvironment.RunContext context(Target t, String runId, RunDir dir, Platform platform) {
    return new RunEnvironment.RunContext(runId, dir.path(), t.server().id(), platform);
  }

  static io.remoteservice.agent.remote.SshSettings sshSettings(Server server) {
    return io.remoteservice.agent.remote.SshSettings.of(server.host(), server.ssh().effectivePort(),
        server.ssh().user(), server.ssh().identity(), server.ssh().knownHosts());
  }
}
