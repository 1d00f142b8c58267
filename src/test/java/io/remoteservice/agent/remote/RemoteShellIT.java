package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.fleet.SshAccess;
import io.remoteservice.agent.job.PackageDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The remote library against the test fleet's real OpenSSH sshd. */
@ExtendWith(FleetExtension.class)
class RemoteShellIT {

  private static RealSite site;
  private static SshAccess access;
  private static FleetServer server;

  private final RemoteShell shell = new RemoteShell();
  private final DetachedRuns runs = new DetachedRuns();
  private final RunDirectories directories = new RunDirectories(runs);
  private final List<RemoteSession> sessions = new ArrayList<>();

  @TempDir
  Path tmp;

  private SshSettings settings;
  private String tag;

  @BeforeAll
  static void startSite(Fleet fleet) {
    site = fleet.real(Layout.of(PoolSpec.none("batch", 1)));
    access = site.ssh();
    server = site.servers().get(0);
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @BeforeEach
  void settings() {
    settings = SshSettings.of(server.host(), access.port(), access.user(), access.identity(),
        access.knownHosts());
    tag = "rsa-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeSessions() {
    sessions.forEach(RemoteSession::close);
  }

  private RemoteSession open(SshSettings s) {
    RemoteSession session = shell.open(s);
    sessions.add(session);
    return session;
  }

  private RunDir runDir() {
    return new RunDir(server.runRoot().toString(), tag);
  }

  /** Processes whose command line holds the tag, seen over a connection of their own. */
  private String processesTagged() {
    try (RemoteSession second = shell.open(settings)) {
      // [r]sa-... matches the tag but not this pgrep's own shell.
      return second.exec("pgrep -af '[" + tag.charAt(0) + "]" + tag.substring(1) + "' || true")
          .stdoutText();
    }
  }

  // ---------------------------------------------------------------- connecting

  @Test
  void successWithEd25519AndRsaKeysInOpenSshAndPemFormat() throws Exception {
    assertThat(Files.readString(access.rsaIdentity())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(access.identity())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    Path rsaOpenSsh = tmp.resolve("id_rsa_openssh");
    Files.copy(access.rsaIdentity(), rsaOpenSsh);
    Files.setPosixFilePermissions(rsaOpenSsh, PosixFilePermissions.fromString("rw-------"));
    Process rewrite = new ProcessBuilder("ssh-keygen", "-q", "-p", "-N", "", "-P", "", "-f",
        rsaOpenSsh.toString()).redirectErrorStream(true).start();
    assertThat(rewrite.waitFor()).isZero();
    assertThat(Files.readString(rsaOpenSsh)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");

    for (Path identity : List.of(access.identity(), access.rsaIdentity(), rsaOpenSsh)) {
      ExecResult result = open(settings.withIdentity(identity)).exec("echo out; echo err >&2");

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout().text()).isEqualTo("out\n");
      assertThat(result.stderr().text()).isEqualTo("err\n");
      assertThat(result.truncated()).isFalse();
    }
  }

  @Test
  void failureExitCodeIsReported() {
    ExecResult result = open(settings).exec("echo partial; exit 7");

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout().text()).isEqualTo("partial\n");
  }

  @Test
  void unknownHostKeyStopsBeforeAuthentication() throws Exception {
    Path empty = Files.writeString(tmp.resolve("known_hosts"), "");
    long logins = acceptedLogins();

    assertThatThrownBy(() -> open(settings.withKnownHosts(empty)))
        .isInstanceOfSatisfying(UnknownHostKeyException.class, e -> {
          assertThat(e.fingerprint()).isEqualTo(fleetHostKeyFingerprint());
          assertThat(e.keyType()).isEqualTo("ssh-ed25519");
          assertThat(e.port()).isEqualTo(access.port());
          assertThat(e.getMessage()).contains(server.host()).contains(fleetHostKeyFingerprint())
              .contains("hostkey scan");
        });
    assertThat(acceptedLogins()).as("no login happened").isEqualTo(logins);
  }

  @Test
  void changedHostKeyStopsBeforeAuthentication() throws Exception {
    byte[] otherKey = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519).getPublicKeyBlob();
    Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "[" + server.host() + "]:"
        + access.port() + " ssh-ed25519 " + Base64.getEncoder().encodeToString(otherKey) + "\n");
    long logins = acceptedLogins();

    assertThatThrownBy(() -> open(settings.withKnownHosts(knownHosts)))
        .isInstanceOfSatisfying(ChangedHostKeyException.class, e -> {
          assertThat(e.fingerprint()).isEqualTo(fleetHostKeyFingerprint());
          assertThat(e.getMessage()).contains("HOST KEY CHANGED").contains("ssh-keygen -R");
        });
    assertThat(acceptedLogins()).as("no login happened").isEqualTo(logins);
  }

  @Test
  void wrongUserKeyIsRefused() throws Exception {
    Path stranger = tmp.resolve("id_stranger");
    KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).writePrivateKey(stranger.toString());

    assertThatThrownBy(() -> open(settings.withIdentity(stranger)))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining(stranger.toString())
        .hasMessageNotContaining("PRIVATE KEY");
  }

  @Test
  void connectionRefusedOnAPortNobodyListensOn() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    assertThatThrownBy(() -> open(settings.withPort(port)))
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining(server.host() + ":" + port);
  }

  @Test
  void aServerThatNeverAnswersRunsIntoTheAuthenticationTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      SshSettings s = SshSettings.of("127.0.0.1", silent.getLocalPort(), access.user(),
          access.identity(), access.knownHosts())
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700), null, null);
      long started = System.nanoTime();

      assertThatThrownBy(() -> open(s))
          .isInstanceOfSatisfying(RemoteTimeoutException.class, e ->
              assertThat(e.phase()).isEqualTo(RemoteTimeoutException.Phase.AUTHENTICATION));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aConnectionClosedDuringACommandIsReportedAsLost() {
    RemoteSession session = shell.open(settings);
    java.util.concurrent.CompletableFuture<ExecResult> running =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> session.exec("sh -c 'sleep 30; :' " + tag, Duration.ofMinutes(1)));
    await().atMost(Duration.ofSeconds(20)).until(() -> !processesTagged().isEmpty());

    session.close();

    assertThatThrownBy(running::join).hasCauseInstanceOf(ConnectionLostException.class);
    try (RemoteSession other = shell.open(settings)) {
      other.exec("pkill -f '[" + tag.charAt(0) + "]" + tag.substring(1) + "' || true");
    }
  }

  @Test
  void hostkeyScanShowsTheKeyAndAcceptsItOnlyWithTheSameFingerprint() {
    Path knownHosts = tmp.resolve("known_hosts");
    String target = server.host() + ":" + access.port();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    HostKeyCommand command = new HostKeyCommand();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(command.run(new String[] {"scan", target, "--known-hosts", knownHosts.toString()}, o, e))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(fleetHostKeyFingerprint());
    assertThat(command.run(new String[] {"scan", target, "--known-hosts", knownHosts.toString(),
        "--accept", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, o, e)).isEqualTo(2);
    assertThat(knownHosts).doesNotExist();
    assertThat(command.run(new String[] {"scan", target, "--known-hosts", knownHosts.toString(),
        "--accept", fleetHostKeyFingerprint()}, o, e)).isZero();

    ExecResult result = open(settings.withKnownHosts(knownHosts)).exec("echo accepted");
    assertThat(result.stdoutText()).isEqualTo("accepted");
  }

  // ---------------------------------------------------------------- commands

  @Test
  void commandPastItsTimeLimitIsKilledWithItsProcessGroup() {
    RemoteSession session = open(settings);
    long started = System.nanoTime();

    assertThatThrownBy(() -> session.exec("echo begun; sh -c 'sleep 60; :' " + tag + " & sleep 61",
        Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(RemoteTimeoutException.class, e -> {
          assertThat(e.phase()).isEqualTo(RemoteTimeoutException.Phase.COMMAND);
          assertThat(e.processGroupKilled()).isTrue();
          assertThat(e.partialResult().stdout().text()).isEqualTo("begun\n");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(processesTagged()).isEmpty();
    assertThat(session.exec("echo still usable").stdoutText()).isEqualTo("still usable");
  }

  @Test
  void outputFloodIsBounded() {
    ExecResult result = open(settings).exec(
        "head -c 52428800 /dev/zero | tr '\\0' x; echo; echo END; echo tail-of-stderr >&2",
        Duration.ofMinutes(2));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().totalBytes()).isEqualTo(52428800L + 5);
    assertThat(result.stdout().keptBytes().length)
        .isEqualTo(OutputLimit.DEFAULT.headBytes() + OutputLimit.DEFAULT.tailBytes());
    assertThat(result.stdout().cutBytes()).isEqualTo(52428805L - 65536);
    assertThat(result.stdout().text()).startsWith("xxxx").contains("bytes cut").endsWith("x\nEND\n");
    assertThat(result.stderr().text()).isEqualTo("tail-of-stderr\n");
  }

  @Test
  void binaryOutputIsKeptByteForByte() {
    ExecResult result = open(settings).exec("printf '\\000\\377\\376\\200ok\\n'");

    assertThat(result.stdout().keptBytes())
        .isEqualTo(new byte[] {0, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 'o', 'k', '\n'});
    assertThat(result.stdout().text()).isEqualTo("\0\uFFFD\uFFFD\uFFFDok\n");
  }

  @Test
  void platformProbeOfTheTestServer() {
    Platform platform = new PlatformProbe().probe(open(settings));

    assertThat(platform.family()).isEqualTo("unix");
    assertThat(platform.os()).isEqualTo(osReleaseId());
    assertThat(platform.arch()).isEqualTo(PlatformProbe.normaliseArch(System.getProperty("os.arch")));
  }

  // ---------------------------------------------------------------- upload and verification

  @Test
  void uploadedFilesHaveTheLocalDigestAndTamperingChangesIt() throws Exception {
    Map<String, UploadFile> files = localPackage();
    String localDigest = PackageDigest.compute(localEntries(files.values()));
    RemoteSession session = open(settings);

    RunDirectories.Upload upload = directories.upload(session, runDir(), files.values());

    assertThat(upload.remoteDigest()).isEqualTo(localDigest);
    assertThat(directories.requireDigest(session, runDir(), localDigest)).hasSize(4);
    assertThat(Files.isExecutable(server.runRoot().resolve(tag).resolve("AutoAction.sh"))).isTrue();
    assertThat(Files.isExecutable(server.runRoot().resolve(tag).resolve("files/my config.conf")))
        .isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(runDir().stateDir()))))
        .isEqualTo("rwx------");

    session.exec("echo tampered >> " + Shell.quote(runDir().path() + "/files/my config.conf"));

    assertThatThrownBy(() -> directories.requireDigest(session, runDir(), localDigest))
        .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
          assertThat(e.expected()).isEqualTo(localDigest);
          assertThat(e.actual()).isNotEqualTo(localDigest);
        });
  }

  @Test
  void anExecutableBitRemovedOnTheServerChangesTheDigest() throws Exception {
    Map<String, UploadFile> files = localPackage();
    String localDigest = PackageDigest.compute(localEntries(files.values()));
    RemoteSession session = open(settings);
    directories.upload(session, runDir(), files.values());

    session.exec("chmod -x " + Shell.quote(runDir().path() + "/AutoAction.sh"));

    assertThatThrownBy(() -> directories.requireDigest(session, runDir(), localDigest))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void oldRunDirectoriesAreRemovedByAgeOnlyWhenTheyAreOurs() throws Exception {
    RemoteSession session = open(settings);
    Map<String, UploadFile> files = localPackage();
    RunDir old = new RunDir(server.runRoot().toString(), tag + "-old");
    RunDir fresh = new RunDir(server.runRoot().toString(), tag + "-fresh");
    RunDir running = new RunDir(server.runRoot().toString(), tag + "-running");
    directories.upload(session, old, files.values());
    directories.upload(session, fresh, files.values());
    directories.upload(session, running, files.values());
    assertThat(runs.start(session, old, "AutoAction.sh", Map.of("RSA_COUNTER", "/dev/null")))
        .isEqualTo(DetachedRuns.StartResult.STARTED);
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.status(session, old).ended());
    runs.start(session, running, "files/sleeper.sh", Map.of("RSA_TAG", tag + "-running"));
    Path foreign = Files.createDirectories(server.runRoot().resolve(tag + "-foreign"));
    String threeDaysAgo = "@" + (System.currentTimeMillis() / 1000 - 3 * 24 * 3600);
    for (RunDir dir : List.of(old, running)) {
      session.exec("find " + Shell.quote(dir.path()) + " -exec touch -h -d " + threeDaysAgo + " {} +");
    }
    session.exec("touch -d " + threeDaysAgo + " " + Shell.quote(foreign.toString()));

    List<String> removed = directories.cleanup(session, server.runRoot().toString(), Duration.ofDays(1));

    assertThat(removed).containsExactly(old.runId());
    assertThat(Path.of(old.path())).doesNotExist();
    assertThat(Path.of(fresh.path())).exists();
    assertThat(Path.of(running.path())).exists();
    assertThat(foreign).exists();
    assertThat(runs.kill(session, running)).isEqualTo(DetachedRuns.KillResult.NO_PROCESS_LEFT);
  }

  // ---------------------------------------------------------------- detached runs

  @Test
  void detachedRunEndsWithItsExitCodeOutputAndEnvironment() throws Exception {
    RemoteSession session = open(settings);
    directories.upload(session, runDir(), localPackage().values());
    Map<String, String> env = new LinkedHashMap<>();
    String nasty = "it's \"$(touch /tmp/" + tag + ")\" `id` ; $HOME\nnext line";
    env.put("RSA_PARAM_NASTY", nasty);
    env.put("RSA_COUNTER", runDir().path() + "/counter");
    env.put("RSA_EXIT", "3");

    assertThat(runs.start(session, runDir(), "AutoAction.sh", env))
        .isEqualTo(DetachedRuns.StartResult.STARTED);
    RunStatus status = awaitEnded(session);

    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.killed()).isFalse();
    assertThat(status.stdout().text()).isEqualTo("nasty=" + nasty + "\npwd=" + runDir().path() + "\n");
    assertThat(status.stderr().text()).isEqualTo("to stderr\n");
    assertThat(status.startedAt()).isNotNull();
    assertThat(status.endedAt()).isAfterOrEqualTo(status.startedAt());
    assertThat(Path.of("/tmp/" + tag)).as("no value became a command").doesNotExist();
    assertThat(runs.kill(session, runDir())).isEqualTo(DetachedRuns.KillResult.ALREADY_ENDED);
    assertThat(runs.status(session, runDir()).killed()).isFalse();
  }

  @Test
  void droppedConnectionDuringARunIsCollectedByANewConnectionAndNothingRunsTwice() throws Exception {
    RemoteSession first = shell.open(settings);
    directories.upload(first, runDir(), localPackage().values());
    Map<String, String> env = Map.of("RSA_COUNTER", runDir().path() + "/counter", "RSA_SLEEP", "6");
    long started = System.nanoTime();
    assertThat(runs.start(first, runDir(), "AutoAction.sh", env))
        .isEqualTo(DetachedRuns.StartResult.STARTED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("start returns at once")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(runs.status(first, runDir()).state()).isEqualTo(RunStatus.State.RUNNING);

    first.close();

    RemoteSession second = open(settings);
    assertThat(runs.start(second, runDir(), "AutoAction.sh", env))
        .isEqualTo(DetachedRuns.StartResult.ALREADY_STARTED);
    assertThatThrownBy(() -> directories.upload(second, runDir(), localPackage().values()))
        .hasMessageContaining("already started");
    RunStatus status = awaitEnded(second);

    assertThat(status.exitCode()).isZero();
    assertThat(status.stdout().text()).startsWith("nasty=");
    assertThat(Files.readAllLines(Path.of(runDir().path(), "counter"))).containsExactly("ran");
  }

  @Test
  void timedOutDetachedRunIsKilledWithItsWholeProcessGroup() throws Exception {
    RemoteSession session = open(settings);
    directories.upload(session, runDir(), localPackage().values());
    runs.start(session, runDir(), "files/sleeper.sh", Map.of("RSA_TAG", tag));
    await().atMost(Duration.ofSeconds(20)).until(() -> processesTagged().lines().count() >= 2);
    String pgid = Files.readString(Path.of(runDir().stateDir(), "pgid")).strip();

    assertThat(runs.kill(session, runDir())).isEqualTo(DetachedRuns.KillResult.NO_PROCESS_LEFT);

    assertThat(processesTagged()).isEmpty();
    try (RemoteSession other = shell.open(settings)) {
      assertThat(other.exec("pgrep -g " + pgid + " || echo none").stdoutText()).isEqualTo("none");
    }
    RunStatus status = runs.status(session, runDir());
    assertThat(status.state()).isEqualTo(RunStatus.State.ENDED);
    assertThat(status.killed()).isTrue();
    assertThat(status.exitCode()).isEqualTo(143);
    assertThat(status.stdout().text()).isEqualTo("sleeping\n");
  }

  @Test
  void detachedOutputFloodIsBounded() throws Exception {
    RemoteSession session = open(settings);
    directories.upload(session, runDir(), localPackage().values());
    runs.start(session, runDir(), "files/flood.sh", Map.of());

    RunStatus status = awaitEnded(session);

    assertThat(status.exitCode()).isZero();
    assertThat(status.stdout().totalBytes()).isEqualTo(52428800L + 4);
    assertThat(status.stdout().truncated()).isTrue();
    assertThat(status.stdout().text()).startsWith("xxxx").endsWith("xEND\n");
  }

  @Test
  void verifyAndStartRunsOnlyTheApprovedPackageAndOnlyOnce() throws Exception {
    Map<String, UploadFile> files = localPackage();
    String approved = PackageDigest.compute(localEntries(files.values()));
    RemoteSession session = open(settings);
    Map<String, String> env = Map.of("RSA_COUNTER", runDir().path() + "/counter");
    directories.upload(session, runDir(), files.values());
    session.exec("echo extra > " + Shell.quote(runDir().path() + "/files/injected"));

    assertThatThrownBy(() -> directories.verifyAndStart(session, runDir(), approved, "AutoAction.sh",
        env)).isInstanceOf(DigestMismatchException.class);
    assertThat(runs.status(session, runDir()).state()).isEqualTo(RunStatus.State.NOT_STARTED);

    directories.upload(session, runDir(), files.values());
    assertThat(directories.verifyAndStart(session, runDir(), approved, "AutoAction.sh", env))
        .isEqualTo(DetachedRuns.StartResult.STARTED);
    awaitEnded(session);
    // The program wrote a counter file into the run directory: a second verification would fail.
    assertThat(directories.verifyAndStart(session, runDir(), approved, "AutoAction.sh", env))
        .isEqualTo(DetachedRuns.StartResult.ALREADY_STARTED);
    assertThat(Files.readAllLines(Path.of(runDir().path(), "counter"))).containsExactly("ran");
  }

  @Test
  void aMissingProgramIsAClearErrorAndNothingStarts() throws Exception {
    RemoteSession session = open(settings);
    directories.upload(session, runDir(), localPackage().values());

    assertThatThrownBy(() -> runs.start(session, runDir(), "AutoAction.debian.sh", Map.of()))
        .hasMessageContaining("has no program AutoAction.debian.sh");
    assertThat(runs.status(session, runDir()).state()).isEqualTo(RunStatus.State.NOT_STARTED);
  }

  @Test
  void statusOfARunNeverStarted() {
    RemoteSession session = open(settings);
    assertThat(runs.status(session, runDir()).state()).isEqualTo(RunStatus.State.NOT_STARTED);
    assertThat(runs.kill(session, runDir())).isEqualTo(DetachedRuns.KillResult.NOT_STARTED);
  }

  // ---------------------------------------------------------------- helpers

  private RunStatus awaitEnded(RemoteSession session) {
    RunStatus[] last = new RunStatus[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      last[0] = runs.status(session, runDir());
      return last[0].ended();
    });
    return last[0];
  }

  /** AutoAction.sh (counts its runs, prints its environment), a config with a space, helpers. */
  private Map<String, UploadFile> localPackage() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("pkg-" + UUID.randomUUID()));
    Map<String, UploadFile> files = new LinkedHashMap<>();
    Path auto = Files.writeString(dir.resolve("AutoAction.sh"), """
        #!/bin/sh
        echo ran >> "$RSA_COUNTER"
        [ -n "$RSA_SLEEP" ] && sleep "$RSA_SLEEP"
        printf 'nasty=%s\\n' "$RSA_PARAM_NASTY"
        echo "pwd=$(pwd)"
        echo 'to stderr' >&2
        exit "${RSA_EXIT:-0}"
        """);
    executable(auto);
    files.put("AutoAction.sh", new UploadFile("AutoAction.sh", auto, true));
    Path config = Files.writeString(dir.resolve("config"), "key=value\n");
    files.put("config", new UploadFile("files/my config.conf", config, false));
    Path sleeper = Files.writeString(dir.resolve("sleeper.sh"), """
        echo sleeping
        sh -c 'sleep 120; :' "$RSA_TAG-child" &
        sh -c 'sleep 121; :' "$RSA_TAG-other" &
        wait
        """);
    files.put("sleeper", new UploadFile("files/sleeper.sh", sleeper, false));
    Path flood = Files.writeString(dir.resolve("flood.sh"),
        "head -c 52428800 /dev/zero | tr '\\0' x; echo END\n");
    files.put("flood", new UploadFile("files/flood.sh", flood, false));
    return files;
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static List<PackageDigest.FileEntry> localEntries(Iterable<UploadFile> files)
      throws IOException {
    List<PackageDigest.FileEntry> entries = new ArrayList<>();
    for (UploadFile f : files) {
      try (InputStream in = Files.newInputStream(f.localFile())) {
        String sha = HexFormat.of().formatHex(PackageDigest.sha256().digest(in.readAllBytes()));
        entries.add(new PackageDigest.FileEntry(f.relativePath(), f.executable(), sha));
      }
    }
    return entries;
  }

  private static String fleetHostKeyFingerprint() {
    String base64 = access.hostKeyLine().split(" ")[1];
    return HostKeys.fingerprint(Base64.getDecoder().decode(base64));
  }

  private static long acceptedLogins() throws IOException {
    return Files.readAllLines(site.sshd().log()).stream().filter(l -> l.contains("Accepted publickey"))
        .count();
  }

  private static String osReleaseId() {
    try {
      return PlatformProbe.parseOsRelease(Files.readString(Path.of("/etc/os-release"))).get("ID");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
