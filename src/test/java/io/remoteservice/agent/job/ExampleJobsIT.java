package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.remote.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example packages' programs with the local {@code /bin/sh} (dash on Debian, so bashisms
 * fail), the way the agent runs them on a server: a copy of the package as run directory, the
 * environment of {@link RunEnvironment}, the outcome judged by {@link Outcome}. The SSH path is
 * tested elsewhere; this pins what the scripts themselves do, including FailureRevert from half-done
 * states.
 */
class ExampleJobsIT {

  private static final Platform DEBIAN = new Platform("unix", "debian", "12", "x86_64");
  private static final Platform ALPINE = new Platform("unix", "alpine", "3.20.3", "x86_64");

  @TempDir
  Path tmp;

  record Result(Outcome outcome, String stdout, String stderr) {}

  private Path runDir(JobPackage pkg, String runId) throws IOException {
    Path run = tmp.resolve("run").resolve(runId);
    for (PackageDigest.FileEntry e : pkg.fileEntries()) {
      Path target = run.resolve(e.path());
      Files.createDirectories(target.getParent());
      Files.copy(pkg.directory().resolve(e.path()), target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return run;
  }

  private Result run(Path runDir, Script script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.fileName()).directory(runDir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    pb.environment().putAll(env);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    return new Result(Outcome.evaluate(ended ? p.exitValue() : null, !ended, stdout), stdout,
        Files.readString(err, StandardCharsets.UTF_8));
  }

  // --- update-portal-config -------------------------------------------------------------------

  private final class Portal {
    final JobPackage pkg = JobPackage.load(Path.of("jobs/update-portal-config"));
    final Path conf = tmp.resolve("etc/portal/portal.conf");
    final Path marker = tmp.resolve("fail-here");
    final Path runDir;
    final RunEnvironment.RunContext ctx;
    final Map<String, Object> vars = Map.of("portal_config", conf.toString(), "fail_marker", marker.toString());
    final VariantChoice choice = pkg.choose("ts01", DEBIAN);

    Portal() throws Exception {
      runDir = runDir(pkg, "r-1");
      ctx = new RunEnvironment.RunContext("r-1", runDir.toString(), "ts01", DEBIAN);
      Files.createDirectories(conf.getParent());
    }

    Result autoAction() throws Exception {
      return run(runDir, choice.autoAction(), RunEnvironment.forAutoAction(ctx, pkg.manifest(), vars));
    }

    Result failureRevert(Result autoAction) throws Exception {
      return run(runDir, choice.failureRevert().orElseThrow(),
          RunEnvironment.forFailureRevert(ctx, pkg.manifest(), vars, autoAction.outcome().exitCode()));
    }

    String newContent() throws IOException {
      return Files.readString(pkg.directory().resolve("files/portal.conf"));
    }
  }

  @Test
  void portalConfigIsReplacedWithABackupAndItsMode() throws Exception {
    Portal p = new Portal();
    Files.writeString(p.conf, "old=1\n");
    Files.setPosixFilePermissions(p.conf, PosixFilePermissions.fromString("rw-r-----"));

    Result r = p.autoAction();

    assertThat(r.outcome().success()).as(r.stdout() + r.stderr()).isTrue();
    assertThat(r.outcome().marker()).isEqualTo("RSA-RESULT: SUCCESS");
    assertThat(Files.readString(p.conf)).isEqualTo(p.newContent());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.conf))).isEqualTo("rw-r-----");
    assertThat(Files.readString(p.runDir.resolve("backup/portal.conf"))).isEqualTo("old=1\n");
    try (var siblings = Files.list(p.conf.getParent())) {
      assertThat(siblings).as("no temporary files left beside the configuration").containsExactly(p.conf);
    }
  }

  @Test
  void portalRevertAfterTheBackupLeavesTheOriginal() throws Exception {
    Portal p = new Portal();
    Files.writeString(p.conf, "old=1\n");
    Files.writeString(p.marker, "after-backup\n");

    Result auto = p.autoAction();
    assertThat(auto.outcome().success()).isFalse();
    assertThat(auto.outcome().reason()).contains("after-backup");
    assertThat(Files.readString(p.conf)).isEqualTo("old=1\n");

    Result revert = p.failureRevert(auto);
    assertThat(revert.outcome().success()).as(revert.stdout() + revert.stderr()).isTrue();
    assertThat(revert.stdout()).contains("AutoAction exit code: 1").contains("nothing to revert");
    assertThat(Files.readString(p.conf)).isEqualTo("old=1\n");
  }

  @Test
  void portalRevertAfterTheReplacementRestoresTheBackupTwiceWithoutHarm() throws Exception {
    Portal p = new Portal();
    Files.writeString(p.conf, "old=1\n");
    Files.writeString(p.marker, "");

    Result auto = p.autoAction();
    assertThat(auto.outcome().success()).isFalse();
    assertThat(Files.readString(p.conf)).as("the failure came after a partial change").isEqualTo(p.newContent());

    assertThat(p.failureRevert(auto).outcome().success()).isTrue();
    assertThat(Files.readString(p.conf)).isEqualTo("old=1\n");
    assertThat(p.failureRevert(auto).outcome().success()).isTrue();
    assertThat(Files.readString(p.conf)).isEqualTo("old=1\n");
  }

  @Test
  void portalRevertRemovesAFileTheRunCreated() throws Exception {
    Portal p = new Portal();
    Files.writeString(p.marker, "after-replace\n");

    Result auto = p.autoAction();
    assertThat(auto.outcome().success()).isFalse();
    assertThat(p.conf).exists();

    assertThat(p.failureRevert(auto).outcome().success()).isTrue();
    assertThat(p.conf).doesNotExist();
  }

  @Test
  void portalFailsCleanlyOnARelativePath() throws Exception {
    Portal p = new Portal();
    Result r = run(p.runDir, p.choice.autoAction(), RunEnvironment.forAutoAction(p.ctx, p.pkg.manifest(),
        Map.of("portal_config", "etc/portal.conf")));

    assertThat(r.outcome().success()).isFalse();
    assertThat(r.outcome().reason()).contains("absolute path");
  }

  // --- rotate-logs ----------------------------------------------------------------------------

  @Test
  void rotateLogsOnDebianAndOnAnyUnix() throws Exception {
    JobPackage pkg = JobPackage.load(Path.of("jobs/rotate-logs"));
    for (Platform platform : new Platform[] {DEBIAN, ALPINE}) {
      Path logs = Files.createDirectories(tmp.resolve("logs-" + platform.os()));
      Files.writeString(logs.resolve("portal.log"), "line 1\nline 2\n");
      Files.writeString(logs.resolve("empty.log"), "");
      Path old = Files.write(logs.resolve("portal.log.20200101T000000Z.gz"), new byte[] {1});
      Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(0));
      VariantChoice choice = pkg.choose("ts01", platform);
      assertThat(choice.autoAction().fileName())
          .isEqualTo(platform == DEBIAN ? "AutoAction.debian.sh" : "AutoAction.unix.sh");
      Path runDir = runDir(pkg, "rot-" + platform.os());
      var ctx = new RunEnvironment.RunContext("rot-" + platform.os(), runDir.toString(), "ts01", platform);

      Result r = run(runDir, choice.autoAction(),
          RunEnvironment.forAutoAction(ctx, pkg.manifest(), Map.of("log_dir", logs.toString())));

      assertThat(r.outcome().success()).as(r.stdout() + r.stderr()).isTrue();
      assertThat(Files.readString(logs.resolve("portal.log"))).isEmpty();
      assertThat(old).doesNotExist();
      try (var files = Files.list(logs)) {
        Path archive = files.filter(f -> f.getFileName().toString().matches("portal\\.log\\.\\d{8}T\\d{6}Z\\.gz"))
            .findFirst().orElseThrow();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(archive))) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
        }
      }
      assertThat(logs.resolve("empty.log")).exists();
    }
  }

  @Test
  void rotateRevertRemovesACopyWhoseLogWasNotTruncated() throws Exception {
    JobPackage pkg = JobPackage.load(Path.of("jobs/rotate-logs"));
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("a.log"), "kept\n");
    Path copy = Files.writeString(logs.resolve("a.log.20250101T000000Z"), "kept\n");
    Path runDir = runDir(pkg, "r-2");
    // The journal of an AutoAction that stopped between copying and truncating.
    Files.writeString(runDir.resolve("rotate-logs.journal"), "copy " + copy + "\ncopied " + copy + "\n");
    var ctx = new RunEnvironment.RunContext("r-2", runDir.toString(), "ts01", DEBIAN);

    Result r = run(runDir, pkg.choose("ts01", DEBIAN).failureRevert().orElseThrow(),
        RunEnvironment.forFailureRevert(ctx, pkg.manifest(), Map.of("log_dir", logs.toString()), null));

    assertThat(r.outcome().success()).as(r.stdout() + r.stderr()).isTrue();
    assertThat(copy).doesNotExist();
    assertThat(Files.readString(logs.resolve("a.log"))).isEqualTo("kept\n");
  }
}
