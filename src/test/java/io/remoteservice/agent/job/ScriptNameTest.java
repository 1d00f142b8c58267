package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptNameTest {

  @ParameterizedTest(name = "{0} -> {1} variant ''{2}'' ext ''{3}''")
  @CsvSource(delimiter = '|', value = {
      "AutoAction                          | AUTO_ACTION    | ''                  | ''",
      "AutoAction.sh                       | AUTO_ACTION    | ''                  | sh",
      "AutoAction.ps1                      | AUTO_ACTION    | ''                  | ps1",
      "AutoAction.debian                   | AUTO_ACTION    | debian              | ''",
      "AutoAction.debian.sh                | AUTO_ACTION    | debian              | sh",
      "AutoAction.ts01.py                  | AUTO_ACTION    | ts01                | py",
      "AutoAction.ubuntu-22.04-x86_64.sh   | AUTO_ACTION    | ubuntu-22.04-x86_64 | sh",
      "AutoAction.ubuntu-22.04-x86_64      | AUTO_ACTION    | ubuntu-22.04-x86_64 | ''",
      "AutoAction.ubuntu-22.04             | AUTO_ACTION    | ubuntu-22.04        | ''",
      "AutoAction.ubuntu-22.04.pl          | AUTO_ACTION    | ubuntu-22.04        | pl",
      "AutoAction.windows-10.0.20348.ps1   | AUTO_ACTION    | windows-10.0.20348  | ps1",
      "AutoAction.windows.cmd              | AUTO_ACTION    | windows             | cmd",
      "FailureRevert.unix.bat              | FAILURE_REVERT | unix                | bat",
      "FailureRevert                       | FAILURE_REVERT | ''                  | ''",
  })
  void readsNames(String name, ScriptKind kind, String variant, String extension) {
    assertThat(Script.parse(name)).isInstanceOfSatisfying(Script.Valid.class, v -> {
      assertThat(v.script().kind()).isEqualTo(kind);
      assertThat(v.script().variant()).isEqualTo(variant);
      assertThat(v.script().extension()).isEqualTo(extension);
      assertThat(v.script().fileName()).isEqualTo(name);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"AutoAction.debian.exe", "AutoAction.ubuntu-22.04.txt", "AutoAction.bash", "AutoAction.SH",
      "AutoAction.Debian.sh", "AutoAction..sh", "AutoAction.", "AutoAction.debian.", "autoaction.sh",
      "AutoActions.sh", "Failurerevert.sh", "AutoAction.sh.sh", "AutoAction.deb ian.sh"})
  void rejectsNamesThatDoNotFitTheGrammar(String name) {
    assertThat(Script.parse(name)).isInstanceOf(Script.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "job.yaml", "files", "Auto", "notes.txt"})
  void ignoresOtherFiles(String name) {
    assertThat(Script.parse(name)).isInstanceOf(Script.NotAScript.class);
  }

  @Test
  void interpreterFollowsTheExtension() {
    assertThat(script("AutoAction.sh").interpreter()).containsExactly("sh");
    assertThat(script("AutoAction.debian.py").interpreter()).containsExactly("python3");
    assertThat(script("AutoAction.debian").interpreter()).isEmpty();
  }

  private static Script script(String name) {
    return ((Script.Valid) Script.parse(name)).script();
  }
}
