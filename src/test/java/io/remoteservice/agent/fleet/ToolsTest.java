package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ToolsTest {

  @Test
  void aMissingBinaryNamesItsPackageAndTheCommandThatInstallsIt() {
    assertThatThrownBy(() -> Tools.require(Path.of("/nonexistent/sbin/sshd"), "openssh-server"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/sbin/sshd is missing")
        .hasMessageContaining("run .ci/run")
        .hasMessageContaining("openssh-server");
  }
}
