package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.remoteservice.agent.remote.Platform;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEnvironmentTest {

  private static final Manifest MANIFEST = new Manifest("update-portal-config", "3", "T",
      new Manifest.Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(5)), null, List.of(),
      orderedParams(), null);
  private static final RunEnvironment.RunContext RUN = new RunEnvironment.RunContext(
      "r-4711", "/var/tmp/rsa/r-4711", "ts01", new Platform("unix", "ubuntu", "22.04", "x86_64"));

  private static Map<String, String> orderedParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("portal_config", "/etc/portal/portal.conf");
    p.put("Workers", "8");
    p.put("fail_marker", "");
    return p;
  }

  @Test
  void autoActionEnvironment() {
    Map<String, String> env = RunEnvironment.forAutoAction(RUN, MANIFEST,
        Map.of("portal_config", "/srv/ts01/portal.conf", "unrelated", "x"));

    assertThat(env).containsExactly(
        entry("RSA_RUN_ID", "r-4711"),
        entry("RSA_RUN_DIR", "/var/tmp/rsa/r-4711"),
        entry("RSA_SERVER_ID", "ts01"),
        entry("RSA_JOB_ID", "update-portal-config"),
        entry("RSA_JOB_VERSION", "3"),
        entry("RSA_PLATFORM", "ubuntu-22.04-x86_64"),
        entry("RSA_PARAM_PORTAL_CONFIG", "/srv/ts01/portal.conf"),
        entry("RSA_PARAM_WORKERS", "8"),
        entry("RSA_PARAM_FAIL_MARKER", ""));
  }

  @Test
  void inventoryValuesOverrideDefaultsWhatEverTheirType() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("Workers", 16);
    vars.put("fail_marker", null);

    assertThat(RunEnvironment.parameters(MANIFEST, vars)).containsExactly(
        entry("portal_config", "/etc/portal/portal.conf"), entry("Workers", "16"), entry("fail_marker", ""));
    assertThat(RunEnvironment.parameters(MANIFEST, null)).isEqualTo(MANIFEST.parameters());
  }

  @Test
  void undeclaredInventoryVarsAreNotPassed() {
    assertThat(RunEnvironment.forAutoAction(RUN, MANIFEST, Map.of("secret_thing", "x")))
        .doesNotContainKey("RSA_PARAM_SECRET_THING");
  }

  @Test
  void failureRevertAlsoGetsTheAutoActionsExitCode() {
    Map<String, String> env = RunEnvironment.forFailureRevert(RUN, MANIFEST, Map.of(), 3);

    assertThat(env).containsEntry("RSA_AUTOACTION_EXIT", "3")
        .containsAllEntriesOf(RunEnvironment.forAutoAction(RUN, MANIFEST, Map.of()));
    assertThat(RunEnvironment.forFailureRevert(RUN, MANIFEST, Map.of(), null))
        .containsEntry("RSA_AUTOACTION_EXIT", "");
  }

  @Test
  void nulInAnInventoryValueIsRefused() {
    assertThatThrownBy(() -> RunEnvironment.forAutoAction(RUN, MANIFEST, Map.of("portal_config", "a\0b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("portal_config");
  }
}
