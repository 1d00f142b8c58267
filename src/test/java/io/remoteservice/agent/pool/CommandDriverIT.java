package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command driver running real local programs. */
class CommandDriverIT {

  @TempDir
  Path dir;
  Path lbctl;
  Path args;

  @BeforeEach
  void script() throws Exception {
    args = dir.resolve("args");
    lbctl = dir.resolve("lbctl");
    // Writes each argument on its own line (NUL-free), then acts by verb.
    Files.writeString(lbctl, """
        #!/bin/sh
        for a in "$@"; do printf '%s\\n' "$a"; done > "$ARGS_FILE.$1"
        case "$1" in
          sessions) echo 4 ;;
          state) echo "lb=a status=DRAIN sessions=3 weight=0"; echo "lb=b status=UP sessions=1 weight=100" ;;
          fail) echo "lb says no: $2" >&2; exit 3 ;;
          hang) exec sleep 30 ;;
          garbage) echo "many" ;;
          *) echo "ok $1" ;;
        esac
        """.replace("$ARGS_FILE", args.toString()));
    Files.setPosixFilePermissions(lbctl, PosixFilePermissions.fromString("rwx------"));
  }

  Inventory inventory(String verbs) {
    return TestInventories.load(dir, """
        pools:
          - id: batch
            customer: acme
            driver: command
            command:
        %s
              timeout: PT2S
        servers:
          - { id: b01, pool: batch, host: 10.3.0.1, lbName: "web 01; touch /tmp/pwned" }
        """.formatted(verbs.indent(6).stripTrailing()));
  }

  static String verbs(Object program, String drain, String sessions, String state) {
    return """
        drain: [%1$s, %2$s, "{lbName}", "{host}", "{pool}", "{serverId}"]
        disable: [%1$s, disable, "{lbName}"]
        enable: [%1$s, enable, "{lbName}"]
        sessions: [%1$s, %3$s, "{lbName}"]
        state: [%1$s, %4$s, "{lbName}"]
        """.formatted(program, drain, sessions, state);
  }

  PoolDriver driver(Inventory inv) {
    return new PoolDrivers().forPool(inv.pool("batch").orElseThrow());
  }

  @Test
  void runsTheArgvWithoutAShellSoAValueWithBlanksAndSemicolonStaysOneArgument() throws Exception {
    Inventory inv = inventory(verbs(lbctl, "drain", "sessions", "state"));
    Server b01 = inv.server("b01").orElseThrow();
    ActionResult r = driver(inv).drain(b01);
    assertThat(r.kind()).isEqualTo(ActionResult.Kind.DONE);
    assertThat(r.notes()).containsExactly("ok drain");
    assertThat(Files.readAllLines(Path.of(args + ".drain")))
        .containsExactly("drain", "web 01; touch /tmp/pwned", "10.3.0.1", "batch", "b01");
    assertThat(Path.of("/tmp/pwned")).doesNotExist();
    assertThat(driver(inv).sessions(b01).count()).isEqualTo(4);
    ServerState state = driver(inv).state(b01);
    assertThat(state.status()).isEqualTo(LbStatus.DRAIN);
    assertThat(state.sessions()).isEqualTo(4);
    assertThat(state.lbs()).extracting(LbState::lb).containsExactly("a", "b");
    assertThat(driver(inv).clearSticky(b01).kind()).isEqualTo(ActionResult.Kind.NOTHING_TO_DO);
  }

  @Test
  void aNonZeroExitIsAnErrorWithTheOutput() {
    Inventory inv = inventory(verbs(lbctl, "fail", "sessions", "state"));
    assertThatThrownBy(() -> driver(inv).drain(inv.server("b01").orElseThrow()))
        .isInstanceOf(PoolDriverException.class)
        .hasMessageContaining("drain command of pool batch for server b01")
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("lb says no: web 01; touch /tmp/pwned");
  }

  @Test
  void aCommandThatHangsIsKilledAtTheTimeout() {
    Inventory inv = inventory(verbs(lbctl, "hang", "sessions", "state"));
    assertThatThrownBy(() -> driver(inv).drain(inv.server("b01").orElseThrow()))
        .isInstanceOf(PoolDriverException.class)
        .hasMessageContaining("did not end within PT2S and was killed");
  }

  @Test
  void outputThatIsNotTheDocumentedFormatIsAnError() {
    Inventory inv = inventory(verbs(lbctl, "drain", "garbage", "garbage"));
    Server b01 = inv.server("b01").orElseThrow();
    assertThatThrownBy(() -> driver(inv).sessions(b01)).hasMessageContaining("number of sessions");
    assertThatThrownBy(() -> driver(inv).state(b01)).hasMessageContaining("key=value");
    List<ServerState> states = driver(inv).states(List.of(b01));
    assertThat(states.get(0).errors()).singleElement().asString().contains("key=value");
  }

  @Test
  void aMissingProgramIsAClearError() {
    Inventory inv = inventory(verbs(dir.resolve("absent"), "drain", "sessions", "state"));
    assertThatThrownBy(() -> driver(inv).drain(inv.server("b01").orElseThrow()))
        .hasMessageContaining("cannot start the drain command of pool batch");
  }
}
