package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedFaultTest {

  @Test
  void onlyConnectionFaultsTakeTheAddressAwayFromMina() {
    assertThat(SimulatedFault.none().isBound()).isTrue();
    assertThat(SimulatedFault.hangExec().isBound()).isTrue();
    assertThat(SimulatedFault.otherHostKey().isBound()).isTrue();
    assertThat(SimulatedFault.dropAfter(Duration.ofSeconds(1)).isBound()).isTrue();
    assertThat(SimulatedFault.refuse().isBound()).isFalse();
    assertThat(SimulatedFault.closeOnConnect().isBound()).isFalse();
    assertThat(SimulatedFault.hangBeforeBanner().isBound()).isFalse();
  }

  @Test
  void aDurationGoesWithDropAfterOnly() {
    assertThat(SimulatedFault.dropAfter(Duration.ofMillis(1500)).dropAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> new SimulatedFault(SimulatedFault.Kind.DROP_AFTER, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DROP_AFTER");
    assertThatThrownBy(() -> new SimulatedFault(SimulatedFault.Kind.REFUSE, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatedFault.dropAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void simulatedAddressesStayIn127_0_32_0Slash22AndAreDistinctForAFullRound() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < Net.SIMULATED_ADDRESSES; i++) {
      String a = Net.nextSimulatedAddress();
      String[] q = a.split("\\.");
      assertThat(Integer.parseInt(q[2])).isBetween(32, 35);
      assertThat(Integer.parseInt(q[3])).isBetween(1, 254);
      assertThat(a).startsWith("127.0.");
      seen.add(a);
    }
    assertThat(seen).hasSize(Net.SIMULATED_ADDRESSES);
  }

  @Test
  void commandsRunWithTheUsersLoginShell() {
    String rootShell = Tools.run(java.util.List.of("getent", "passwd", "root")).trim().split(":")[6];
    assertThat(SimulatedSshd.loginShell("root")).isEqualTo(rootShell);
    assertThat(SimulatedSshd.loginShell("no-such-user-here")).isEqualTo("/bin/sh");
  }
}
