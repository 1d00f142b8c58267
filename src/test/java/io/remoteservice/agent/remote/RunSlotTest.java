package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FailureRevert's slot: the run directory of its AutoAction, a state directory of its own. */
class RunSlotTest {

  private static final RunDir DIR = new RunDir("/var/tmp/rsa", "pi-42");

  @Test
  void theRevertSlotKeepsItsStateApartButNeedsTheAgentsRunDirectory() {
    String start = Scripts.start(DIR, RunSlot.REVERT, "FailureRevert.sh", Map.of("RSA_AUTOACTION_EXIT", "1"));

    assertThat(start)
        .contains("[ -f .rsa/run ] || { echo 'RSA-START no-run-directory'; exit 0; }")
        .contains("mkdir -p .rsa-revert && chmod 700 .rsa-revert")
        .contains("if mkdir .rsa-revert/started 2>/dev/null; then")
        .contains("setsid /bin/sh .rsa-revert/launch")
        .contains(">.rsa-revert/stdout 2>.rsa-revert/stderr")
        .contains("mv -f .rsa-revert/exit.tmp .rsa-revert/exit")
        .doesNotContain("mkdir .rsa/started", ".rsa/pgid");
    assertThat(Scripts.status(DIR, RunSlot.REVERT)).contains("[ -d .rsa-revert/started ]")
        .doesNotContain(".rsa/");
    assertThat(Scripts.kill(DIR, RunSlot.REVERT, 2)).contains("p=$(cat .rsa-revert/pgid")
        .doesNotContain(".rsa/");
  }

  @Test
  void theMainSlotIsWhatItAlwaysWas() {
    assertThat(Scripts.start(DIR, RunSlot.MAIN, "AutoAction", Map.of()))
        .doesNotContain(".rsa-revert").contains("if mkdir .rsa/started 2>/dev/null; then");
    assertThat(Scripts.status(DIR)).isEqualTo(Scripts.status(DIR, RunSlot.MAIN));
  }

  @Test
  void noUploadMayWriteIntoAStateDirectoryAndListingsLeaveBothOut() {
    assertThatThrownBy(() -> new UploadFile(".rsa-revert/launch", Path.of("x"), false))
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> new UploadFile(".rsa/exit", Path.of("x"), false))
        .hasMessageContaining("reserved");
    assertThat(new UploadFile(".rsa-other", Path.of("x"), false).relativePath()).isEqualTo(".rsa-other");
    assertThat(Scripts.listing(DIR)).contains("-path ./.rsa -o -path ./.rsa-revert \\) -prune");
  }
}
