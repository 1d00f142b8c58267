package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPackageValidationTest {

  @TempDir
  Path tmp;

  @Test
  void readsAValidPackage() throws Exception {
    TestPackages p = TestPackages.valid(tmp, "update-portal-config")
        .file("job.yaml", """
            id: update-portal-config
            version: "1.10"
            title: Update the portal configuration
            timeouts: { autoAction: PT10M, failureRevert: PT5M }
            drain: { timeout: PT30M, onTimeout: ask }
            requires: [linux]
            parameters: { portal_config: /etc/portal/portal.conf, workers: 8, fail_marker: }
            health: { command: "systemctl is-active portal", timeout: PT1M }
            """)
        .executable("FailureRevert.sh", "#!/bin/sh\n")
        .file("files/portal.conf", "x=1\n");

    JobPackage pkg = p.load();

    Manifest m = pkg.manifest();
    assertThat(m.id()).isEqualTo("update-portal-config");
    assertThat(m.version()).as("a quoted version stays as written").isEqualTo("1.10");
    assertThat(m.title()).isEqualTo("Update the portal configuration");
    assertThat(m.timeouts().autoAction()).isEqualTo(Duration.ofMinutes(10));
    assertThat(m.timeouts().failureRevert()).isEqualTo(Duration.ofMinutes(5));
    assertThat(m.drain().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(m.drain().onTimeout()).isEqualTo(Manifest.OnTimeout.ASK);
    assertThat(m.requires()).containsExactly("linux");
    assertThat(m.parameters()).containsExactly(
        java.util.Map.entry("portal_config", "/etc/portal/portal.conf"),
        java.util.Map.entry("workers", "8"),
        java.util.Map.entry("fail_marker", ""));
    assertThat(m.health().command()).isEqualTo("systemctl is-active portal");
    assertThat(pkg.fileEntries()).extracting(PackageDigest.FileEntry::path)
        .containsExactly("AutoAction.sh", "FailureRevert.sh", "README.md", "files/portal.conf", "job.yaml");
  }

  @Test
  void optionalKeysMayBeLeftOut() throws Exception {
    Manifest m = TestPackages.valid(tmp, "minimal").file("job.yaml", """
        id: minimal
        version: 1
        title: Minimal
        timeouts: { autoAction: PT1M, failureRevert: PT1M }
        """).load().manifest();

    assertThat(m.drain()).isNull();
    assertThat(m.health()).isNull();
    assertThat(m.requires()).isEmpty();
    assertThat(m.parameters()).isEmpty();
  }

  @Test
  void missingReadme() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").delete("README.md").problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("README.md");
      assertThat(p.message()).contains("missing");
    });
  }

  @Test
  void emptyReadme() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("README.md", "").problems())
        .singleElement().satisfies(p -> assertThat(p.file()).isEqualTo("README.md"));
  }

  @Test
  void readmeAndManifestMustBeFiles() throws Exception {
    TestPackages p = TestPackages.valid(tmp, "job").delete("README.md").delete("job.yaml");
    Files.createDirectories(p.dir().resolve("README.md"));
    Files.createDirectories(p.dir().resolve("job.yaml"));

    assertThat(p.problems()).extracting(Problem::file, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("README.md", "is a directory; it must be a file"),
        org.assertj.core.groups.Tuple.tuple("job.yaml", "is a directory; it must be the manifest file"));
  }

  @Test
  void missingManifest() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").delete("job.yaml").problems())
        .singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("job.yaml");
          assertThat(p.message()).contains("missing");
        });
  }

  @Test
  void malformedYamlNamesLineAndColumn() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").file("job.yaml", """
        id: job
        version: 1
        title: [unclosed
        timeouts: { autoAction: PT1M, failureRevert: PT1M }
        """).problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("job.yaml");
      assertThat(p.message()).startsWith("not valid YAML");
      assertThat(p.line()).isGreaterThanOrEqualTo(3);
      assertThat(p.column()).isPositive();
    });
  }

  @Test
  void emptyManifest() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml", "").problems())
        .singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("job.yaml");
          assertThat(p.message()).contains("empty");
        });
  }

  @Test
  void unknownKeysAtEveryLevel() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").file("job.yaml", """
        id: job
        version: 1
        title: T
        timeout: PT1M
        timeouts: { autoAction: PT1M, failureRevert: PT1M, health: PT1M }
        drain: { timeout: PT1M, onTimeOut: ask }
        health: { command: "true", retries: 3 }
        """).problems();

    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("job.yaml"))
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("timeout", "timeouts.health", "drain.onTimeOut", "health.retries");
    assertThat(problems).filteredOn(p -> p.field().equals("timeout")).singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(4));
  }

  @Test
  void duplicateKeys() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").file("job.yaml",
        TestPackages.MANIFEST.formatted("job") + "version: 4\n").problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("version");
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.message()).contains("twice");
    });
  }

  @Test
  void badDurationsAndMissingKeys() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").file("job.yaml", """
        id: job
        version: 1
        timeouts: { autoAction: 10 minutes, failureRevert: PT0S }
        drain: { timeout: soon, onTimeout: maybe }
        health: { command: "true", timeout: -PT1M }
        """).problems();

    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("job.yaml"))
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("title", "timeouts.autoAction", "timeouts.failureRevert", "drain.timeout",
            "drain.onTimeout", "health.timeout");
    assertThat(problems).filteredOn(p -> p.field().equals("timeouts.autoAction")).singleElement()
        .satisfies(p -> {
          assertThat(p.message()).contains("'10 minutes'", "ISO-8601");
          assertThat(p.line()).isEqualTo(3);
        });
  }

  @Test
  void missingTimeouts() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml", "id: job\nversion: 1\ntitle: T\n").problems())
        .extracting(Problem::field).containsExactly("timeouts");
  }

  @Test
  void idThatIsNotLowerCaseKebab() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml", TestPackages.MANIFEST.formatted("Job_1")).problems())
        .singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("job.yaml");
          assertThat(p.field()).isEqualTo("id");
          assertThat(p.message()).contains("a-z, 0-9 and '-'");
        });
  }

  @Test
  void idThatDiffersFromTheDirectory() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml", TestPackages.MANIFEST.formatted("other")).problems())
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("id");
          assertThat(p.message()).contains("'other'", "'job'");
        });
  }

  @Test
  void decimalVersionMustBeQuoted() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml",
        TestPackages.MANIFEST.formatted("job").replace("version: 3", "version: 1.10")).problems())
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("version");
          assertThat(p.message()).contains("quote");
        });
  }

  @Test
  void parameterNamesThatCannotBecomeEnvironmentNames() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").file("job.yaml", """
        id: job
        version: 1
        title: T
        timeouts: { autoAction: PT1M, failureRevert: PT1M }
        parameters:
          portal-config: a
          1st: b
          good_one: c
          Good_One: d
          nested: { a: 1 }
        """).problems();

    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("job.yaml"))
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("parameters.portal-config", "parameters.1st", "parameters.Good_One",
            "parameters.nested");
    assertThat(problems).filteredOn(p -> p.field().equals("parameters.Good_One")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("RSA_PARAM_GOOD_ONE"));
  }

  @Test
  void requiresMustBeAList() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("job.yaml",
        TestPackages.MANIFEST.formatted("job") + "requires: linux\n").problems())
        .extracting(Problem::field).containsExactly("requires");
  }

  @Test
  void noAutoActionAtAll() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job").delete("AutoAction.sh")
        .executable("FailureRevert.sh", "#!/bin/sh\n").problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("AutoAction");
      assertThat(p.message()).contains("no AutoAction");
    });
  }

  @Test
  void twoFilesForOneVariant() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job")
        .executable("AutoAction.debian.sh", "#!/bin/sh\n")
        .file("AutoAction.debian.py", "print()\n")
        .problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("AutoAction.debian.sh");
      assertThat(p.field()).isEqualTo("AutoAction debian");
      assertThat(p.message()).contains("AutoAction.debian.py", "AutoAction.debian.sh");
    });
  }

  @Test
  void twoGenericFiles() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("AutoAction.py", "print()\n").problems())
        .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("AutoAction generic"));
  }

  @Test
  void unknownExtension() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job")
        .file("AutoAction.debian.exe", "")
        .file("FailureRevert.bash", "")
        .problems();

    assertThat(problems).extracting(Problem::file)
        .containsExactlyInAnyOrder("AutoAction.debian.exe", "FailureRevert.bash");
    assertThat(problems).extracting(Problem::message).allSatisfy(m -> assertThat(m).contains("unknown extension"));
  }

  @Test
  void misspelledScriptNames() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("autoaction.debian.sh", "").problems())
        .singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("autoaction.debian.sh");
          assertThat(p.field()).isEqualTo("AutoAction");
        });
  }

  @Test
  void upperCaseVariant() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("AutoAction.Debian.sh", "").problems())
        .singleElement().satisfies(p -> assertThat(p.message()).contains("lower case"));
  }

  @Test
  void extensionlessScriptMustBeExecutable() throws Exception {
    assertThat(TestPackages.valid(tmp, "job").file("AutoAction.debian", "#!/bin/sh\n").problems())
        .singleElement().satisfies(p -> {
          assertThat(p.file()).isEqualTo("AutoAction.debian");
          assertThat(p.message()).contains("not executable");
        });
  }

  @Test
  void symlinkThatEscapesThePackage() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createDirectories(tmp.resolve("elsewhere"));
    List<Problem> problems = TestPackages.valid(tmp, "job")
        .symlink("files/secret.txt", outside.toString())
        .symlink("files/up", "../../elsewhere")
        .symlink("files/dangling", "../../nowhere")
        .problems();

    assertThat(problems).extracting(Problem::file)
        .containsExactlyInAnyOrder("files/secret.txt", "files/up", "files/dangling");
    assertThat(problems).extracting(Problem::message).allSatisfy(m -> assertThat(m).contains("escapes the package"));
  }

  @Test
  void symlinksInsideThePackageAreRejectedToo() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job")
        .symlink("AutoAction.debian.sh", "AutoAction.sh")
        .problems();

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("AutoAction.debian.sh");
      assertThat(p.message()).contains("symbolic link").doesNotContain("escapes");
    });
  }

  @Test
  void filesThatAreTooLarge() throws Exception {
    TestPackages p = TestPackages.valid(tmp, "job")
        .file("files/big.bin", "x".repeat(2000))
        .file("files/a.bin", "x".repeat(900))
        .file("files/b.bin", "x".repeat(900));

    List<Problem> perFile = p.problems(new JobPackage.Limits(1000, 1_000_000, 100));
    assertThat(perFile).singleElement().satisfies(pr -> {
      assertThat(pr.file()).isEqualTo("files/big.bin");
      assertThat(pr.message()).contains("at most");
    });

    List<Problem> total = p.problems(new JobPackage.Limits(10_000, 3000, 100));
    assertThat(total).singleElement().satisfies(pr -> {
      assertThat(pr.file()).isEmpty();
      assertThat(pr.message()).contains("the limit for a whole package");
    });
  }

  @Test
  void defaultLimits() {
    assertThat(JobPackage.Limits.DEFAULT.maxFileBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(JobPackage.Limits.DEFAULT.maxTotalBytes()).isEqualTo(256L * 1024 * 1024);
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "x");
    List<Problem> problems = TestPackages.empty(tmp, "broken")
        .file("job.yaml", "id: other\nversion: 1\ntitle: T\ntimeouts: { autoAction: soon, failureRevert: PT1M }\n")
        .symlink("files/link", outside.toString())
        .file("AutoAction.sh.txt", "")
        .problems();

    assertThat(problems).extracting(Problem::file, Problem::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("README.md", ""),
        org.assertj.core.groups.Tuple.tuple("job.yaml", "id"),
        org.assertj.core.groups.Tuple.tuple("job.yaml", "timeouts.autoAction"),
        org.assertj.core.groups.Tuple.tuple("files/link", ""),
        org.assertj.core.groups.Tuple.tuple("AutoAction.sh.txt", "AutoAction"),
        org.assertj.core.groups.Tuple.tuple("", "AutoAction"));
  }

  @Test
  void namesWithControlCharactersOrBackslashes() throws Exception {
    List<Problem> problems = TestPackages.valid(tmp, "job")
        .file("files/two\nlines.txt", "")
        .file("files/back\\slash/inner.txt", "")
        .problems();

    assertThat(problems).extracting(Problem::file).containsExactly("files/back\\slash", "files/two?lines.txt");
    assertThat(problems).extracting(Problem::message).allSatisfy(m -> assertThat(m).contains("control character"));
  }

  @Test
  void aMissingDirectoryIsAnIoError() {
    assertThatThrownBy(() -> JobPackage.load(tmp.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
  }
}
