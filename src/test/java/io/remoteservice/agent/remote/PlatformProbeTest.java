package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Captured outputs of real systems. */
class PlatformProbeTest {

  private static final String DEBIAN_12 = """
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION="12 (bookworm)"
      VERSION_CODENAME=bookworm
      ID=debian
      HOME_URL="https://www.debian.org/"
      """;

  private static final String UBUNTU_2204 = """
      PRETTY_NAME="Ubuntu 22.04.4 LTS"
      NAME="Ubuntu"
      VERSION_ID="22.04"
      VERSION="22.04.4 LTS (Jammy Jellyfish)"
      VERSION_CODENAME=jammy
      ID=ubuntu
      ID_LIKE=debian
      """;

  private static final String RHEL_9 = """
      NAME="Red Hat Enterprise Linux"
      VERSION="9.3 (Plow)"
      ID="rhel"
      ID_LIKE="fedora"
      VERSION_ID="9.3"
      PLATFORM_ID="platform:el9"
      """;

  private static final String ALPINE = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n";

  @Test
  void debianOnIntel() {
    assertThat(PlatformProbe.parseUnix("Linux\n", "x86_64\n", DEBIAN_12))
        .isEqualTo(new Platform("unix", "debian", "12", "x86_64"));
  }

  @Test
  void ubuntuOnArm() {
    Platform platform = PlatformProbe.parseUnix("Linux", "aarch64", UBUNTU_2204);
    assertThat(platform).isEqualTo(new Platform("unix", "ubuntu", "22.04", "aarch64"));
    assertThat(platform.toString()).isEqualTo("ubuntu-22.04-aarch64");
  }

  @Test
  void rhelWithQuotedId() {
    assertThat(PlatformProbe.parseUnix("Linux", "x86_64", RHEL_9))
        .isEqualTo(new Platform("unix", "rhel", "9.3", "x86_64"));
  }

  @Test
  void alpineWithUnquotedValues() {
    assertThat(PlatformProbe.parseUnix("Linux", "x86_64", ALPINE))
        .isEqualTo(new Platform("unix", "alpine", "3.19.1", "x86_64"));
  }

  @Test
  void withoutOsReleaseTheKernelNamesTheOs() {
    assertThat(PlatformProbe.parseUnix("Darwin", "arm64", ""))
        .isEqualTo(new Platform("unix", "darwin", "", "aarch64"));
    assertThat(PlatformProbe.parseUnix("FreeBSD", "amd64", "NAME=FreeBSD\nID=freebsd\n"
        + "VERSION_ID=\"14.0\"\n")).isEqualTo(new Platform("unix", "freebsd", "14.0", "x86_64"));
  }

  @Test
  void cygwinIsWindows() {
    assertThat(PlatformProbe.parseUnix("CYGWIN_NT-10.0-20348", "x86_64", ""))
        .isEqualTo(new Platform("windows", "windows", "10.0", "x86_64"));
  }

  @Test
  void windowsServer2022FromCmd() {
    String captured = "\r\nMicrosoft Windows [Version 10.0.20348.2340]\r\nAMD64\r\n";
    assertThat(PlatformProbe.parseWindows(captured))
        .isEqualTo(new Platform("windows", "windows", "10.0.20348", "x86_64"));
  }

  @Test
  void germanWindowsOnArm() {
    String captured = "\r\nMicrosoft Windows [Version 10.0.22631.3296]\r\nARM64\r\n";
    assertThat(PlatformProbe.parseWindows(captured))
        .isEqualTo(new Platform("windows", "windows", "10.0.22631", "aarch64"));
  }

  @Test
  void frenchWindowsWithLowerCaseVersionWord() {
    String captured = "\r\nMicrosoft Windows [version 10.0.19045.4170]\r\nx86\r\n";
    assertThat(PlatformProbe.parseWindows(captured))
        .isEqualTo(new Platform("windows", "windows", "10.0.19045", "x86"));
  }

  @Test
  void windowsFromPowerShell() {
    String captured = "10.0.17763.0\r\nAMD64\r\n";
    assertThat(PlatformProbe.parseWindows(captured))
        .isEqualTo(new Platform("windows", "windows", "10.0.17763", "x86_64"));
  }

  @Test
  void unrecognisedWindowsOutputIsAClearError() {
    assertThatThrownBy(() -> PlatformProbe.parseWindows("'ver' is not recognized\r\n"))
        .hasMessageContaining("no Windows version");
    assertThatThrownBy(() -> PlatformProbe.parseWindows("Microsoft Windows [Version 10.0.1.2]\r\n"))
        .hasMessageContaining("no processor architecture");
  }

  @Test
  void osReleaseEscapesAndComments() {
    assertThat(PlatformProbe.parseOsRelease("# comment\nNAME=\"A \\\"quoted\\\" name\"\nID='x'\n"))
        .containsEntry("NAME", "A \"quoted\" name").containsEntry("ID", "x");
  }
}
