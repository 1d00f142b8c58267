package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.remote.Platform;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantSearchTest {

  private static final Platform UBUNTU = new Platform("unix", "ubuntu", "22.04", "x86_64");
  private static final Platform DEBIAN = new Platform("unix", "debian", "12", "aarch64");
  private static final Platform WINDOWS = new Platform("windows", "windows", "10.0.20348", "amd64");

  @TempDir
  Path tmp;

  @Test
  void candidatesMostSpecificFirst() {
    assertThat(VariantSearch.candidates("ts01", UBUNTU)).containsExactly(
        "ts01", "ubuntu-22.04-x86_64", "ubuntu-22.04", "ubuntu-x86_64", "ubuntu", "unix", "");
  }

  @Test
  void candidatesWithoutARelease() {
    assertThat(VariantSearch.candidates("ts01", new Platform("unix", "arch", "", "x86_64")))
        .containsExactly("ts01", "arch-x86_64", "arch", "unix", "");
  }

  @Test
  void eachLevelWinsOverTheLessSpecificOnes() throws Exception {
    TestPackages p = TestPackages.valid(tmp, "job")
        .file("AutoAction.unix.sh", "")
        .file("AutoAction.ubuntu.sh", "")
        .file("AutoAction.ubuntu-x86_64.sh", "")
        .file("AutoAction.ubuntu-22.04.sh", "")
        .file("AutoAction.ubuntu-22.04-x86_64.sh", "")
        .file("AutoAction.ts01.sh", "");
    String[] order = {"AutoAction.ts01.sh", "AutoAction.ubuntu-22.04-x86_64.sh", "AutoAction.ubuntu-22.04.sh",
        "AutoAction.ubuntu-x86_64.sh", "AutoAction.ubuntu.sh", "AutoAction.unix.sh", "AutoAction.sh"};
    for (String expected : order) {
      assertThat(p.load().choose("ts01", UBUNTU).autoAction().fileName()).isEqualTo(expected);
      p.delete(expected);
      if (expected.equals("AutoAction.sh")) {
        break;
      }
    }
  }

  @Test
  void dottedReleaseIsMatchedExactly() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job").delete("AutoAction.sh")
        .file("AutoAction.ubuntu-22.04-x86_64.sh", "")
        .file("AutoAction.ubuntu-20.04.sh", "")
        .file("AutoAction.windows-10.0.20348.ps1", "")
        .load();

    assertThat(pkg.choose("ts01", UBUNTU).autoAction().fileName()).isEqualTo("AutoAction.ubuntu-22.04-x86_64.sh");
    assertThat(pkg.choose("ts02", new Platform("unix", "ubuntu", "20.04", "aarch64")).variant())
        .isEqualTo("ubuntu-20.04");
    assertThat(pkg.choose("win1", WINDOWS).autoAction().fileName()).isEqualTo("AutoAction.windows-10.0.20348.ps1");
  }

  @Test
  void failureRevertIsSearchedOnItsOwnAndMayBeMissing() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job")
        .file("AutoAction.debian.sh", "")
        .file("FailureRevert.debian.sh", "")
        .load();

    VariantChoice debian = pkg.choose("ts01", DEBIAN);
    assertThat(debian.autoAction().fileName()).isEqualTo("AutoAction.debian.sh");
    assertThat(debian.failureRevert()).map(Script::fileName).contains("FailureRevert.debian.sh");
    assertThat(debian.hasFailureRevert()).isTrue();

    VariantChoice ubuntu = pkg.choose("ts02", UBUNTU);
    assertThat(ubuntu.autoAction().fileName()).isEqualTo("AutoAction.sh");
    assertThat(ubuntu.variant()).isEqualTo("generic");
    assertThat(ubuntu.hasFailureRevert()).isFalse();
    assertThat(ubuntu.toString()).contains("no FailureRevert");
  }

  @Test
  void genericFailureRevertServesASpecificAutoAction() throws Exception {
    VariantChoice c = TestPackages.valid(tmp, "job").delete("AutoAction.sh")
        .file("AutoAction.debian.sh", "")
        .file("AutoAction.unix.sh", "")
        .file("FailureRevert.sh", "")
        .load().choose("ts01", DEBIAN);

    assertThat(c.autoAction().fileName()).isEqualTo("AutoAction.debian.sh");
    assertThat(c.failureRevert()).map(Script::fileName).contains("FailureRevert.sh");
  }

  @Test
  void noMatchNamesServerPlatformAndTheVariantsThatExist() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job").delete("AutoAction.sh")
        .file("AutoAction.ubuntu-22.04-x86_64.sh", "")
        .file("AutoAction.windows.ps1", "")
        .load();

    assertThatThrownBy(() -> pkg.choose("ts07", DEBIAN))
        .isInstanceOf(NoMatchingVariantException.class)
        .hasMessageContaining("server ts07")
        .hasMessageContaining("os debian, release 12, arch aarch64, family unix")
        .hasMessageContaining("tried ts07, debian-12-aarch64, debian-12, debian-aarch64, debian, unix, generic")
        .hasMessageContaining("AutoAction.ubuntu-22.04-x86_64.sh, AutoAction.windows.ps1");
  }

  @Test
  void requiresExcludesOtherPlatforms() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job")
        .file("job.yaml", TestPackages.MANIFEST.formatted("job") + "requires: [debian, windows]\n").load();

    assertThat(pkg.choose("ts01", DEBIAN).variant()).isEqualTo("generic");
    assertThat(pkg.choose("w1", WINDOWS).variant()).isEqualTo("generic");
    assertThatThrownBy(() -> pkg.choose("ts02", UBUNTU))
        .isInstanceOf(NoMatchingVariantException.class)
        .hasMessageContaining("requires [debian, windows]")
        .hasMessageContaining("server ts02");
  }

  @Test
  void linuxMeansTheUnixFamily() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job")
        .file("job.yaml", TestPackages.MANIFEST.formatted("job") + "requires: [linux]\n").load();

    assertThat(pkg.supports(UBUNTU)).isTrue();
    assertThat(pkg.supports(WINDOWS)).isFalse();
  }

  @Test
  void variantTableListsSpecificThenFamilyThenGeneric() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job")
        .file("AutoAction.unix.sh", "")
        .file("AutoAction.debian.sh", "")
        .file("AutoAction.ts01.sh", "")
        .file("FailureRevert.sh", "")
        .load();

    assertThat(pkg.variantTable()).extracting(JobPackage.VariantRow::kind, JobPackage.VariantRow::variant,
        JobPackage.VariantRow::fileName).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ScriptKind.AUTO_ACTION, "debian", "AutoAction.debian.sh"),
        org.assertj.core.groups.Tuple.tuple(ScriptKind.AUTO_ACTION, "ts01", "AutoAction.ts01.sh"),
        org.assertj.core.groups.Tuple.tuple(ScriptKind.AUTO_ACTION, "unix", "AutoAction.unix.sh"),
        org.assertj.core.groups.Tuple.tuple(ScriptKind.AUTO_ACTION, "generic", "AutoAction.sh"),
        org.assertj.core.groups.Tuple.tuple(ScriptKind.FAILURE_REVERT, "generic", "FailureRevert.sh"));
  }

  @Test
  void variantTableAsText() throws Exception {
    JobPackage pkg = TestPackages.valid(tmp, "job").delete("AutoAction.sh")
        .file("AutoAction.ubuntu-22.04-x86_64.sh", "")
        .file("AutoAction.unix.sh", "")
        .load();

    assertThat(pkg.variantTableText()).isEqualTo("""
        AutoAction variants:
          ubuntu-22.04-x86_64  AutoAction.ubuntu-22.04-x86_64.sh
          unix                 AutoAction.unix.sh
        FailureRevert variants: none (a failure cannot be reverted automatically)
        """);
  }
}
