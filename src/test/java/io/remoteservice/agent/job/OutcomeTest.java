package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  @Test
  void exitCodeZeroIsSuccess() {
    Outcome o = Outcome.evaluate(0, false, "done\n");
    assertThat(o.success()).isTrue();
    assertThat(o.reason()).isEmpty();
    assertThat(o.exitCode()).isZero();
    assertThat(o.marker()).isNull();
    assertThat(o.reported()).isFalse();
  }

  @Test
  void otherExitCodesAreFailures() {
    Outcome o = Outcome.evaluate(3, false, "");
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).isEqualTo("exit code 3");
    assertThat(o.exitCode()).isEqualTo(3);
  }

  @Test
  void timeoutIsFailureEvenAfterASuccessMarker() {
    Outcome o = Outcome.evaluate(null, true, "RSA-RESULT: SUCCESS\n");
    assertThat(o.success()).isFalse();
    assertThat(o.timedOut()).isTrue();
    assertThat(o.reason()).startsWith("timed out");
  }

  @Test
  void successMarkerOverridesAFailingExitCode() {
    Outcome o = Outcome.evaluate(1, false, "step 1\nRSA-RESULT: SUCCESS\n");
    assertThat(o.success()).isTrue();
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.marker()).isEqualTo("RSA-RESULT: SUCCESS");
  }

  @Test
  void failureMarkerOverridesExitCodeZeroAndGivesTheReason() {
    Outcome o = Outcome.evaluate(0, false, "RSA-RESULT: FAILURE disk full on /var\n");
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).isEqualTo("disk full on /var");
  }

  @Test
  void failureMarkerWithoutReason() {
    Outcome o = Outcome.evaluate(0, false, "RSA-RESULT: FAILURE\r\n");
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).contains("without a reason");
  }

  @Test
  void theLastMarkerWins() {
    assertThat(Outcome.evaluate(0, false,
        "RSA-RESULT: FAILURE first try\nretrying\nRSA-RESULT: SUCCESS\n").success()).isTrue();
    Outcome o = Outcome.evaluate(0, false, "RSA-RESULT: SUCCESS\nRSA-RESULT: FAILURE later step\n");
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).isEqualTo("later step");
  }

  @Test
  void markersAreWholeLinesWithBlanksAndCrIgnored() {
    assertThat(Outcome.evaluate(1, false, "  RSA-RESULT: SUCCESS  \r\n").success()).isTrue();
    assertThat(Outcome.evaluate(1, false, "echo RSA-RESULT: SUCCESS\n").success())
        .as("a marker inside a line does not count").isFalse();
  }

  @Test
  void anUnreadableMarkerIsAFailure() {
    Outcome o = Outcome.evaluate(0, false, "RSA-RESULT: OK\n");
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).contains("unreadable result line");
  }

  @Test
  void reportedMarker() {
    assertThat(Outcome.evaluate(0, false, "RSA-REPORTED: yes\n").reported()).isTrue();
    assertThat(Outcome.evaluate(0, false, "RSA-REPORTED: YES\r\n").reported()).isTrue();
    assertThat(Outcome.evaluate(0, false, "RSA-REPORTED: no\n").reported()).isFalse();
    assertThat(Outcome.evaluate(0, false, "RSA-REPORTED: yes\nRSA-REPORTED: no\n").reported()).isFalse();
    assertThat(Outcome.evaluate(1, false, "RSA-REPORTED: yes\n").reported())
        .as("reporting is independent of success").isTrue();
    assertThat(Outcome.evaluate(0, false, "done\n").reported()).isFalse();
  }

  @Test
  void noExitCodeWithoutMarkerIsFailure() {
    assertThat(Outcome.evaluate(null, false, "").success()).isFalse();
    assertThat(Outcome.evaluate(null, false, "RSA-RESULT: SUCCESS").success()).isTrue();
  }

  @Test
  void outputThatIsNotUtf8() {
    byte[] out = ("\u00ff\u00fe binary \0 junk\nRSA-RESULT: FAILURE caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    Outcome o = Outcome.evaluate(0, false, out);
    assertThat(o.success()).isFalse();
    assertThat(o.reason()).startsWith("caf");
    assertThat(Outcome.evaluate(0, false, (byte[]) null).success()).isTrue();
  }
}
