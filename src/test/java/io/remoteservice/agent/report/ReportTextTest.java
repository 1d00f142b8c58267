package io.remoteservice.agent.report;

import static io.remoteservice.agent.report.TestReports.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.inventory.Customer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What customers read: what, where, when, result, variant, reverted — and never outputs or secrets. */
class ReportTextTest {

  static final Customer ACME = new Customer("acme", "ACME GmbH", List.of("it-admin@acme.example"));

  @Test
  void aSucceededReportSaysWhatWhereWhenAndTheResult() {
    String text = ReportText.render(TestReports.succeeded("p1", "ts01").build());
    assertThat(text).isEqualTo("""
        Maintenance of server ts01: SUCCEEDED

        The maintenance completed successfully and the server is back in service.

        What:      job update-portal-config version 3, package sha256:%s
        Where:     server ts01 in pool portal of customer acme, platform debian-12-x86_64
        When:      2026-11-23 03:00:00 UTC to 2026-11-23 03:04:10 UTC (4 min 10 s)
        Result:    SUCCEEDED
        Program:   AutoAction.debian.sh (exit code 0)
        Reverted:  no
        Campaign:  camp-1
        Reference: p1

        Steps:
          2026-11-23 03:00:00 UTC  Preflight (5 s): variant AutoAction.debian.sh, digest verified
          2026-11-23 03:00:05 UTC  Drain (2 min 0 s): drained after 4 rounds
          2026-11-23 03:02:05 UTC  Run AutoAction (2 min 0 s): exit 0
        """.formatted("ab".repeat(32)));
  }

  @Test
  void aRevertedReportNamesTheWayBackAndTheFollowUp() {
    String text = ReportText.render(TestReports.reverted("p1", "ts01").build());
    assertThat(text)
        .contains("Maintenance of server ts01: REVERTED")
        .contains("restored the previous state and the server is back in service")
        .contains("Result:    REVERTED: AutoAction failed: exit code 3\n")
        .contains("Program:   AutoAction.debian.sh (exit code 3)\n")
        .contains("Way back:  FailureRevert.sh (exit code 0)\n")
        .contains("Reverted:  yes, the server runs as it did before\n")
        .contains("Follow-up: manual access (process manual-p1)\n");
  }

  @Test
  void everyOutcomeHasItsOwnSentence() {
    for (ServerReport.Outcome o : ServerReport.Outcome.values()) {
      assertThat(ReportText.meaning(o)).as(o.name()).isNotBlank();
    }
    assertThat(ReportText.meaning(ServerReport.Outcome.REVERT_FAILED)).contains("stays out of its pool");
    assertThat(ReportText.meaning(ServerReport.Outcome.NOT_CHANGED)).contains("Nothing was changed");
  }

  @Test
  void programOutputNeverReachesTheCustomersText() {
    ServerReport r = TestReports.reverted("p1", "ts01")
        .autoAction(3, "RSA_PARAM_DB_PASSWORD=hunter2\nidentity /etc/rsa/id_ed25519\n")
        .failureRevert(0, "RSA_RUN_DIR=/var/tmp/rsa/p1\n").build();
    String text = ReportText.render(r);
    assertThat(text).doesNotContain("hunter2", "id_ed25519", "/etc/rsa", "/var/tmp/rsa", "RSA_");
    // The report itself keeps the outputs, for auditors.
    assertThat(r.autoActionOutput()).contains("hunter2");
  }

  @Test
  void theCampaignReportHasALinePerServerAndCounts() {
    String text = ReportText.renderCampaign("camp-1", ACME, List.of(
            TestReports.succeeded("p1", "ts01").build(),
            TestReports.reverted("p2", "ts02").build()),
        Map.of("ts03", "deferred: the window closed"));
    assertThat(text)
        .startsWith("Maintenance campaign camp-1 for ACME GmbH\n\nServers: 3, SUCCEEDED 1, REVERTED 1, not started 1\n")
        .contains("  ts01: SUCCEEDED, update-portal-config version 3, AutoAction.debian.sh, 2026-11-23 03:00:00 UTC"
            + " (4 min 10 s)\n")
        .contains("  ts02: REVERTED, update-portal-config version 3, AutoAction.debian.sh, 2026-11-23 03:00:00 UTC"
            + " (4 min 10 s), reverted, manual access open (process manual-p2): AutoAction failed: exit code 3\n")
        .contains("  ts03: not started: deferred: the window closed\n");
  }

  @Test
  void theAnnouncementHasJobWindowServersAndSummary() {
    Announcement a = new Announcement("camp-1", "update-portal-config", "Update the portal configuration", "3",
        "sha256:abc", "Rewrites portal.conf.\nAbout 5 minutes per server.", List.of("ts01", "ts02"), T0, null);
    assertThat(ReportText.announcementSubject(a, ACME)).isEqualTo(
        "[Remote Service Agent] acme: announced maintenance Update the portal configuration from 2026-11-23 03:00:00 UTC");
    assertThat(ReportText.renderAnnouncement(a, ACME))
        .contains("Job:       update-portal-config version 3: Update the portal configuration\n")
        .contains("Window:    2026-11-23 03:00:00 UTC to open end\n")
        .contains("Servers:   ts01, ts02\n")
        .contains("Rewrites portal.conf.\nAbout 5 minutes per server.\n");
  }
}
