package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LayoutTest {

  @Test
  void serverIdsAndBackendFollowThePoolId() {
    PoolSpec p = PoolSpec.haproxy("portal", 3);
    assertThat(p.serverId(1)).isEqualTo("portal-01");
    assertThat(p.serverId(12)).isEqualTo("portal-12");
    assertThat(p.backend()).isEqualTo("be_portal");
    assertThat(p.vars()).containsEntry("portal_config", "{files}/etc/portal/portal.conf");
  }

  @Test
  void aLayoutCountsItsServersAndKnowsWhetherItNeedsHaproxy() {
    Layout l = Layout.of(PoolSpec.none("batch", 2)).and(PoolSpec.haproxy("portal", 3)).loadBalancers(2);
    assertThat(l.serverCount()).isEqualTo(5);
    assertThat(l.needsHaproxy()).isTrue();
    assertThat(l.loadBalancers()).isEqualTo(2);
    assertThat(Layout.of(PoolSpec.none("batch", 2)).needsHaproxy()).isFalse();
  }

  @Test
  void badInputIsRefusedWithTheNameOfWhatIsWrong() {
    assertThatThrownBy(() -> PoolSpec.haproxy("Portal_1", 1)).hasMessageContaining("Portal_1")
        .hasMessageContaining("[a-z0-9-]+");
    assertThatThrownBy(() -> PoolSpec.haproxy("portal", 0)).hasMessageContaining("portal");
    assertThatThrownBy(() -> Layout.of(PoolSpec.haproxy("p", 1), PoolSpec.none("p", 1)))
        .hasMessageContaining("pool p is given twice");
    assertThatThrownBy(Layout::of).hasMessageContaining("at least one pool");
    assertThatThrownBy(() -> Layout.pool("p", 1).loadBalancers(0)).hasMessageContaining("load balancers");
  }

  @Test
  void poolSettingsAreKept() {
    PoolSpec p = PoolSpec.haproxy("portal", 2).customer("globex").capacity("25%", 3)
        .drain(Duration.ofMinutes(5), "ask").sessionsOnServer(true).var("motd", "{files}/motd-{id}");
    assertThat(p.customer()).isEqualTo("globex");
    assertThat(p.maxUnavailable()).isEqualTo("25%");
    assertThat(p.minAvailable()).isEqualTo(3);
    assertThat(p.drainTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.onTimeout()).isEqualTo("ask");
    assertThat(p.sessionsOnServer()).isTrue();
    assertThat(p.vars()).containsEntry("motd", "{files}/motd-{id}");
  }
}
