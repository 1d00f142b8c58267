package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.Capacity;
import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.DriverType;
import io.remoteservice.agent.inventory.MaxUnavailable;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.inventory.SshSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandDriverTest {

  static final Pool POOL = new Pool("web-pool", "acme", DriverType.COMMAND, null, null, null,
      new Capacity(new MaxUnavailable(1, false), 0), DrainPolicy.DEFAULT, Map.of());

  @Test
  void substitutesEachArgumentOnItsOwn() {
    Server server = new Server("ts01", "web-pool", "10.0.0.1", "web 01; rm -rf /", "/var/tmp/rsa", List.of(),
        new SshSettings(null, null, null, null), Map.of());
    List<String> argv = CommandDriver.argv(
        List.of("/usr/local/bin/lbctl", "drain", "{lbName}", "--where={host}:{pool}", "{serverId}", "{unknown}"),
        server, POOL);
    assertThat(argv).containsExactly("/usr/local/bin/lbctl", "drain", "web 01; rm -rf /",
        "--where=10.0.0.1:web-pool", "ts01", "{unknown}");
  }

  @Test
  void parsesTheDocumentedStateFormat() {
    List<LbState> lbs = CommandDriver.parseState("lb=lb1 status=UP sessions=3 weight=100\n\nstatus=drain\n", "p", "s");
    assertThat(lbs).containsExactly(
        new LbState("lb1", LbStatus.UP, "UP", 3, 100, null),
        new LbState("command", LbStatus.DRAIN, "DRAIN", null, null, null));
  }

  @Test
  void rejectsOtherStateOutputs() {
    assertThatThrownBy(() -> CommandDriver.parseState("UP 3\n", "p", "s"))
        .isInstanceOf(PoolDriverException.class).hasMessageContaining("key=value").hasMessageContaining("pool p");
    assertThatThrownBy(() -> CommandDriver.parseState("status=SLEEPING\n", "p", "s"))
        .hasMessageContaining("one of UP, DRAIN, MAINT, DOWN");
    assertThatThrownBy(() -> CommandDriver.parseState("status=UP sessions=many\n", "p", "s"))
        .hasMessageContaining("sessions is not a number");
    assertThatThrownBy(() -> CommandDriver.parseState("status=UP colour=red\n", "p", "s"))
        .hasMessageContaining("unknown word colour");
    assertThatThrownBy(() -> CommandDriver.parseState("\n", "p", "s")).hasMessageContaining("no output");
  }
}
