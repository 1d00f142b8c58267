package io.remoteservice.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
  void commandsRunWithTheUsersLoginShell() throws Exception {
    Process getent = new ProcessBuilder("getent", "passwd", "root").start();
    String rootShell = new String(getent.getInputStream().readAllBytes()).trim().split(":")[6];
    assertThat(SimulatedSshd.loginShell("root")).isEqualTo(rootShell);
    assertThat(SimulatedSshd.loginShell("no-such-user-here")).isEqualTo("/bin/sh");
  }
}
