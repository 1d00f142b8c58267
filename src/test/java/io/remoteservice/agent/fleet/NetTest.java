package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetTest {

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
}
