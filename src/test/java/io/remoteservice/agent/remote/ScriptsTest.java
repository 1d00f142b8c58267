package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.job.PackageDigest.FileEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScriptsTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0123456789abcdef".repeat(4);
  private static final RunDir DIR = new RunDir("/var/tmp/rsa", "pi-42");

  @Test
  void listingRecordsBecomeFileEntries() {
    byte[] output = ("x " + HASH_A + " ./AutoAction.sh\0- " + HASH_B + " ./files/with space.conf\0"
        + "? 0 ./link\0").getBytes(StandardCharsets.UTF_8);

    Scripts.Listing listing = Scripts.parseListing(output);

    assertThat(listing.files()).containsExactly(
        new FileEntry("AutoAction.sh", true, HASH_A),
        new FileEntry("files/with space.conf", false, HASH_B));
    assertThat(listing.others()).containsExactly("link");
  }

  @Test
  void listingKeepsPathsWithNewlinesWhole() {
    byte[] output = ("- " + HASH_A + " ./odd\nname\0").getBytes(StandardCharsets.UTF_8);
    assertThat(Scripts.parseListing(output).files())
        .containsExactly(new FileEntry("odd\nname", false, HASH_A));
  }

  @Test
  void brokenListingsAreErrors() {
    assertThatThrownBy(() -> Scripts.parseListing(("x nothash ./a\0").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no SHA-256 for a");
    assertThatThrownBy(() -> Scripts.parseListing(("x " + HASH_A + " ./a").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("middle of a record");
    assertThatThrownBy(() -> Scripts.parseListing("garbage\0".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unexpected line");
  }

  @Test
  void taggedAnswersAreFoundAmongNoiseFromRcFiles() {
    String output = "Welcome to host!\nRSA-STATUS state=ended now=100 exit=3 start=90 end= killed=no\n";

    Map<String, String> values = Scripts.parseTagged("RSA-STATUS", output);

    assertThat(values).containsEntry("state", "ended").containsEntry("exit", "3")
        .containsEntry("end", "").containsEntry("killed", "no");
  }

  @Test
  void aMissingAnswerIsAnError() {
    assertThatThrownBy(() -> Scripts.parseTagged("RSA-START", "bash: setsid: not found\n"))
        .hasMessageContaining("no 'RSA-START' line");
  }

  @Test
  void launcherQuotesTheEnvironmentAndRunsTheProgramInTheRunDirectory() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RSA_RUN_ID", "pi-42");
    env.put("RSA_PARAM_X", "$(touch /tmp/pwned)");

    String launcher = Scripts.launcher(DIR, "AutoAction.debian.sh", env);

    assertThat(launcher)
        .startsWith("cd -- /var/tmp/rsa/pi-42 || exit 97\n")
        .contains("RSA_PARAM_X='$(touch /tmp/pwned)'; export RSA_PARAM_X\n")
        .contains("echo $$ > .rsa/pgid.tmp && mv -f .rsa/pgid.tmp .rsa/pgid\n")
        .contains("if [ -x ./AutoAction.debian.sh ]; then ./AutoAction.debian.sh; else /bin/sh "
            + "./AutoAction.debian.sh; fi </dev/null >.rsa/stdout 2>.rsa/stderr\n")
        .endsWith("echo $rc > .rsa/exit.tmp && mv -f .rsa/exit.tmp .rsa/exit\n");
  }

  @Test
  void startClaimsTheRunBeforeWritingTheLauncher() {
    String start = Scripts.start(DIR, "AutoAction", Map.of("A", "RSA_LAUNCHER_x"));

    int claim = start.indexOf("if mkdir .rsa/started 2>/dev/null; then");
    int write = start.indexOf("cat > .rsa/launch <<'RSA_LAUNCHER_");
    int launch = start.indexOf("setsid /bin/sh .rsa/launch </dev/null >/dev/null 2>&1 &");
    assertThat(claim).isPositive();
    assertThat(write).isGreaterThan(claim);
    assertThat(launch).isGreaterThan(write);
    assertThat(start).contains("echo 'RSA-START already'");
    String delimiter = start.substring(write + "cat > .rsa/launch <<'".length(),
        start.indexOf('\'', write + "cat > .rsa/launch <<'".length()));
    assertThat(start.split("\n")).filteredOn(delimiter::equals).hasSize(1);
  }

  @Test
  void programsWithoutExecutableBitRunByTheirExtension() {
    assertThat(Scripts.interpreter("a/AutoAction.sh")).contains("/bin/sh");
    assertThat(Scripts.interpreter("AutoAction.py")).contains("python3");
    assertThat(Scripts.interpreter("AutoAction.pl")).contains("perl");
    assertThat(Scripts.interpreter("AutoAction")).isEmpty();
    assertThat(Scripts.launcher(DIR, "AutoAction", Map.of()))
        .contains("echo 'AutoAction is not executable' >&2; exit 126;");
    assertThatThrownBy(() -> Scripts.interpreter("AutoAction.ps1"))
        .hasMessageContaining("Windows");
  }

  @Test
  void killRefusesProcessGroupsZeroAndOne() {
    assertThat(Scripts.killGroup("1", 2))
        .contains("case $p in ''|*[!0-9]*|0|1) echo 'RSA-KILL no-group'; exit 0;; esac");
  }

  @Test
  void prepareDoesNotTouchAStartedRun() {
    String script = Scripts.prepareRunDir(DIR, new TreeSet<>(java.util.List.of("files", "files/a b")));

    assertThat(script.indexOf("RSA-UPLOAD started")).isLessThan(script.indexOf("rm -rf"));
    assertThat(script).contains("mkdir -p -- \"$d/.rsa\" \"$d\"/files \"$d\"/'files/a b'");
  }

  @Test
  void runDirectoriesAreValidated() {
    assertThat(new RunDir("/var/tmp/rsa/", "pi-1").path()).isEqualTo("/var/tmp/rsa/pi-1");
    assertThatThrownBy(() -> new RunDir("var/tmp", "x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> new RunDir("/", "x")).hasMessageContaining("must not be /");
    assertThatThrownBy(() -> new RunDir("/a/../b", "x")).hasMessageContaining(". or ..");
    assertThatThrownBy(() -> new RunDir("/tmp", "..")).hasMessageContaining("run id");
    assertThatThrownBy(() -> new RunDir("/tmp", "a/b")).hasMessageContaining("run id");
    assertThatThrownBy(() -> new RunDir("/tmp", ".rsa")).hasMessageContaining("run id");
  }

  @Test
  void uploadPathsStayInsideTheRunDirectory() {
    Path local = Path.of("x");
    assertThat(new UploadFile("files/a.conf", local, false).relativePath()).isEqualTo("files/a.conf");
    for (String bad : java.util.List.of("/etc/passwd", "../x", "a/../../x", "a//b", "a\\b", ".rsa/exit",
        "")) {
      assertThatThrownBy(() -> new UploadFile(bad, local, false)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
