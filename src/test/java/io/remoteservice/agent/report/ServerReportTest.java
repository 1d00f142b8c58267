package io.remoteservice.agent.report;

import static io.remoteservice.agent.report.TestReports.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A report validates itself and keeps its texts bounded and free of private keys. */
class ServerReportTest {

  static final String KEY = """
      -----BEGIN OPENSSH PRIVATE KEY-----
      b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
      QyNTUxOQAAACBVQ2hJvw1Yq3G2Ql9yq1cH6c1Xo8h0xBWJp1tKqz2tPgAAAJi2c0Nntn
      -----END OPENSSH PRIVATE KEY-----
      """;

  @Test
  void outputsKeepHeadAndTailWithinTheLimit() {
    String huge = "FIRST LINE\n" + "x".repeat(200_000) + "\nRSA-RESULT: FAILURE disk full\n";
    ServerReport r = TestReports.reverted("p1", "ts01").autoAction(1, huge).failureRevert(0, huge).build();
    assertThat(r.autoActionOutput()).hasSizeLessThanOrEqualTo(Texts.OUTPUT_LIMIT)
        .startsWith("FIRST LINE").endsWith("RSA-RESULT: FAILURE disk full\n")
        .contains("characters cut ...]");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n\\[\\.\\.\\. (\\d+) characters cut \\.\\.\\.]\n")
        .matcher(r.autoActionOutput());
    assertThat(m.find()).isTrue();
    // What was kept plus what was cut is the whole output: nothing lost silently, nothing invented.
    assertThat(Integer.parseInt(m.group(1)) + r.autoActionOutput().length() - m.group().length())
        .isEqualTo(huge.length());
    assertThat(r.revertOutput()).hasSizeLessThanOrEqualTo(Texts.OUTPUT_LIMIT);
    String small = "all fine\n";
    assertThat(TestReports.succeeded("p2", "ts01").autoAction(0, small).build().autoActionOutput()).isEqualTo(small);
  }

  @Test
  void reasonsAndStepResultsAreBoundedToo() {
    ServerReport r = TestReports.reverted("p1", "ts01").reason("r".repeat(10_000))
        .step("Evaluate", "Task_Evaluate", T0, T0.plusSeconds(1), "s".repeat(10_000)).build();
    assertThat(r.reason()).hasSizeLessThanOrEqualTo(Texts.SHORT_LIMIT).contains("characters cut");
    assertThat(r.steps().get(r.steps().size() - 1).result()).hasSizeLessThanOrEqualTo(Texts.SHORT_LIMIT);
  }

  @Test
  void aPrivateKeyAProgramPrintedIsRemoved() {
    ServerReport r = TestReports.reverted("p1", "ts01").autoAction(1, "before\n" + KEY + "after\n")
        .failureRevert(1, "cut short:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA").build();
    assertThat(r.autoActionOutput()).isEqualTo("before\n" + Texts.KEY_REMOVED + "\nafter\n")
        .doesNotContain("b3BlbnNzaC1rZXkt");
    assertThat(r.revertOutput()).isEqualTo("cut short:\n" + Texts.KEY_REMOVED).doesNotContain("MIIEow");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThatThrownBy(() -> ServerReport.builder(null, "ts01", "job").outcome(ServerReport.Outcome.SKIPPED)
        .startedAt(T0).endedAt(T0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("server report: processInstanceId is missing");
    assertThatThrownBy(() -> ServerReport.builder("p1", " ", "job").outcome(ServerReport.Outcome.SKIPPED)
        .startedAt(T0).endedAt(T0).build())
        .hasMessage("server report for process instance p1: serverId is missing");
    assertThatThrownBy(() -> ServerReport.builder("p1", "ts01", "job").startedAt(T0).endedAt(T0).build())
        .hasMessageContaining("outcome is missing; one of [SUCCEEDED, REVERTED, REVERT_FAILED, SKIPPED, NOT_CHANGED]");
    assertThatThrownBy(() -> ServerReport.builder("p1", "ts01", "job").outcome(ServerReport.Outcome.SKIPPED)
        .startedAt(T0).build())
        .hasMessageContaining("startedAt and endedAt are required");
  }

  @Test
  void timesAndRevertedMustBeConsistent() {
    assertThatThrownBy(() -> TestReports.succeeded("p1", "ts01").endedAt(T0.minusSeconds(1)).build())
        .hasMessageContaining("endedAt 2026-11-23T02:59:59Z is before startedAt 2026-11-23T03:00:00Z");
    assertThatThrownBy(() -> TestReports.succeeded("p1", "ts01").reverted(true).build())
        .hasMessageContaining("reverted is true but the outcome is SUCCEEDED");
    assertThatThrownBy(() -> TestReports.reverted("p1", "ts01").reverted(false).build())
        .hasMessageContaining("reverted is false but the outcome is REVERTED");
    assertThat(TestReports.reverted("p1", "ts01").build().reverted()).isTrue();
    assertThatThrownBy(() -> new ServerReport.Step("Drain", null, T0, T0.minusSeconds(1), null))
        .hasMessageContaining("report step Drain: endedAt");
  }

  @Test
  void overlongIdsAreRefusedWithTheField() {
    assertThatThrownBy(() -> TestReports.succeeded("p".repeat(65), "ts01").build())
        .hasMessageContaining("processInstanceId is 65 characters long, at most 64 fit");
    assertThatThrownBy(() -> TestReports.succeeded("p1", "ts01").digest("d".repeat(129)).build())
        .hasMessageContaining("digest is 129 characters long, at most 128 fit");
  }

  @Test
  void outcomesParseFromTheProcessVariable() {
    assertThat(ServerReport.Outcome.parse("REVERT_FAILED")).isEqualTo(ServerReport.Outcome.REVERT_FAILED);
    assertThat(ServerReport.Outcome.REVERTED.failed()).isTrue();
    assertThat(ServerReport.Outcome.NOT_CHANGED.failed()).isFalse();
    assertThatThrownBy(() -> ServerReport.Outcome.parse("FINE")).hasMessageContaining("unknown outcome 'FINE'");
  }

  @Test
  void stepsAreCopiedAndKeptInOrder() {
    ServerReport r = TestReports.succeeded("p1", "ts01").build();
    assertThat(r.steps()).extracting(ServerReport.Step::activityId)
        .containsExactly("Task_Preflight", "Task_Drain", "Task_RunAutoAction");
    assertThatThrownBy(() -> r.steps().add(r.steps().get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(List.of(r.duration().toSeconds())).containsExactly(250L);
  }

  @Test
  void noticesValidateTheirKindSpecificIds() {
    assertThatThrownBy(() -> Notice.of(Notice.Kind.SERVER_REPORT, "acme", List.of("a@acme.example"), "s", "b",
        null, null)).hasMessageContaining("a SERVER_REPORT needs the server-maintenance process instance id");
    assertThatThrownBy(() -> Notice.of(Notice.Kind.ANNOUNCEMENT, "acme", List.of("a@acme.example"), "s", "b",
        null, null)).hasMessageContaining("a ANNOUNCEMENT needs the campaign id");
    assertThatThrownBy(() -> Notice.of(Notice.Kind.ALARM, "acme", List.of("a@acme.example"), "two\nlines", "b",
        null, null)).hasMessageContaining("the subject spans lines");
    assertThatThrownBy(() -> Notice.of(Notice.Kind.ALARM, "acme", List.of(" "), "s", "b", null, null))
        .hasMessageContaining("recipient ' ' of customer acme is blank");
    assertThatThrownBy(() -> Notice.Kind.parse("memo")).hasMessageContaining(
        "unknown notice kind 'memo'; known: [ANNOUNCEMENT, SERVER_REPORT, CAMPAIGN_REPORT, ALARM]");
    assertThat(Notice.Kind.parse("server_report")).isEqualTo(Notice.Kind.SERVER_REPORT);
    Notice n = Notice.of(Notice.Kind.ALARM, "acme", List.of(), "s", "x".repeat(100_000) + KEY, null, null);
    assertThat(n.body()).hasSizeLessThanOrEqualTo(Texts.BODY_LIMIT).doesNotContain("b3BlbnNzaC1rZXkt").endsWith(Texts.KEY_REMOVED + "\n");
    assertThat(n.sendState()).isEqualTo(Notice.SendState.PENDING);
  }
}
