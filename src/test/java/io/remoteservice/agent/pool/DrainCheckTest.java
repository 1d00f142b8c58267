package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.inventory.DrainPolicy;
import io.remoteservice.agent.inventory.DrainPolicy.OnTimeout;
import io.remoteservice.agent.pool.DrainCheck.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrainCheckTest {

  static final DrainPolicy POLICY = new DrainPolicy(Duration.ofMinutes(10), OnTimeout.ASK, false, false);

  static DrainCheck decide(Integer lb, Integer users, boolean countUsers, Duration elapsed, DrainPolicy policy) {
    return DrainCheck.decide(lb, users, countUsers, elapsed, policy, List.of());
  }

  @Test
  void noSessionsIsDrainedEvenAtTheTimeout() {
    assertThat(decide(0, null, false, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(decide(0, null, false, Duration.ofMinutes(30), POLICY).outcome()).isEqualTo(Outcome.DRAINED);
  }

  @Test
  void sessionsLeftBeforeTheTimeoutIsNotYet() {
    DrainCheck c = decide(2, null, false, Duration.ofMinutes(9), POLICY);
    assertThat(c.outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(c.lbSessions()).isEqualTo(2);
    assertThat(c.onTimeout()).isNull();
  }

  @ParameterizedTest
  @EnumSource(OnTimeout.class)
  void theTimeoutCarriesThePolicysDecision(OnTimeout onTimeout) {
    DrainPolicy policy = new DrainPolicy(Duration.ofMinutes(10), onTimeout, false, false);
    DrainCheck c = decide(1, null, false, Duration.ofMinutes(10), policy);
    assertThat(c.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(c.onTimeout()).isEqualTo(onTimeout);
  }

  @Test
  void usersOnTheServerKeepItFromBeingDrainedWhenCounted() {
    assertThat(decide(0, 1, true, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(decide(0, 0, true, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(decide(0, 3, false, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.DRAINED);
  }

  @Test
  void unknownCountsAreNeverZero() {
    assertThat(decide(null, null, false, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.NOT_YET);
    assertThat(decide(0, null, true, Duration.ofMinutes(1), POLICY).outcome()).isEqualTo(Outcome.NOT_YET);
  }

  @Test
  void theJobsDrainOverridesThePools() {
    DrainPolicy pool = new DrainPolicy(Duration.ofMinutes(10), OnTimeout.ASK, true, true);
    assertThat(pool.overriddenBy(Duration.ofMinutes(30), OnTimeout.ABORT))
        .isEqualTo(new DrainPolicy(Duration.ofMinutes(30), OnTimeout.ABORT, true, true));
    assertThat(pool.overriddenBy(null, OnTimeout.PROCEED).timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(pool.overriddenBy(Duration.ofMinutes(1), null).onTimeout()).isEqualTo(OnTimeout.ASK);
  }
}
