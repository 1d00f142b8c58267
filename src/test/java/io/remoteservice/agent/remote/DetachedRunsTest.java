package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the status script's answers are read. */
class DetachedRunsTest {

  private static RunStatus interpret(String line) {
    return DetachedRuns.interpret(Scripts.parseTagged("RSA-STATUS", line));
  }

  @Test
  void notStarted() {
    assertThat(interpret("RSA-STATUS state=not-started now=100 exit= start= end= claimed= pgid= "
        + "killed=no").state()).isEqualTo(RunStatus.State.NOT_STARTED);
  }

  @Test
  void running() {
    RunStatus status = interpret("RSA-STATUS state=running now=100 exit= start=90 end= claimed=90 "
        + "pgid=4711 killed=no");
    assertThat(status.state()).isEqualTo(RunStatus.State.RUNNING);
    assertThat(status.startedAt()).isEqualTo(Instant.ofEpochSecond(90));
    assertThat(status.exitCode()).isNull();
  }

  @Test
  void endedWithExitCodeAndTimes() {
    RunStatus status = interpret("RSA-STATUS state=ended now=100 exit=3 start=90 end=95 claimed=90 "
        + "pgid=4711 killed=no");
    assertThat(status.state()).isEqualTo(RunStatus.State.ENDED);
    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.endedAt()).isEqualTo(Instant.ofEpochSecond(95));
    assertThat(status.killed()).isFalse();
  }

  @Test
  void killedByTheAgent() {
    RunStatus status = interpret("RSA-STATUS state=ended now=100 exit=143 start=90 end=95 "
        + "claimed=90 pgid=4711 killed=yes");
    assertThat(status.killed()).isTrue();
    assertThat(status.exitCode()).isEqualTo(143);
  }

  @Test
  void aLauncherThatJustStartedCountsAsRunningThenAsLost() {
    assertThat(interpret("RSA-STATUS state=starting now=100 exit= start= end= claimed=95 pgid= "
        + "killed=no").state()).isEqualTo(RunStatus.State.RUNNING);
    assertThat(interpret("RSA-STATUS state=starting now=200 exit= start= end= claimed=95 pgid= "
        + "killed=no").state()).isEqualTo(RunStatus.State.LOST);
  }

  @Test
  void lostAfterAReboot() {
    assertThat(interpret("RSA-STATUS state=lost now=100 exit= start=90 end= claimed=90 pgid=12 "
        + "killed=no").state()).isEqualTo(RunStatus.State.LOST);
  }

  @Test
  void anUnreadableExitCodeIsAnError() {
    assertThatThrownBy(() -> interpret("RSA-STATUS state=ended now=100 exit=x start= end= "
        + "killed=no")).hasMessageContaining("unreadable exit code 'x'");
  }
}
