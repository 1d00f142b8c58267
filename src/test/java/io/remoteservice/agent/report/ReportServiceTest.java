package io.remoteservice.agent.report;

import static io.remoteservice.agent.report.TestReports.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.inventory.Customer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Reports and notices on an in-memory H2 database migrated by Flyway, as the agent stores them. */
class ReportServiceTest {

  static final Customer ACME = new Customer("acme", "ACME GmbH", List.of("it-admin@acme.example", "ops@acme.example"));
  static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");

  DataSource ds;
  JdbcTemplate jdbc;
  ReportService service;
  List<Notice> delivered = new ArrayList<>();

  @BeforeEach
  void setUp() {
    ds = TestReports.migratedH2();
    jdbc = new JdbcTemplate(ds);
    service = new ReportService(jdbc, new DataSourceTransactionManager(ds), List.of(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aReportReadsBackAsItWasRecordedWithItsSteps() {
    ServerReport written = TestReports.reverted("p1", "ts01").build();
    service.record(written);
    assertThat(service.report("p1")).contains(written);
    assertThat(service.report("p1").orElseThrow().steps()).hasSize(3);
    assertThat(service.report("nope")).isEmpty();
  }

  @Test
  void aReportWithOnlyTheRequiredFieldsReadsBack() {
    // A server unknown to the inventory: no pool, no customer, no job version, nothing ran.
    ServerReport bare = ServerReport.builder("p9", "ghost", "update-portal-config")
        .outcome(ServerReport.Outcome.NOT_CHANGED).reason("UNKNOWN_SERVER: no server 'ghost' in the inventory")
        .startedAt(T0).endedAt(T0).build();
    service.record(bare);
    assertThat(service.report("p9")).contains(bare);
  }

  @Test
  void recordingTheSameReportTwiceKeepsOneWithTheLatestContent() {
    service.record(TestReports.reverted("p1", "ts01").followUpInstanceId(null).build());
    ServerReport again = TestReports.reverted("p1", "ts01").build();
    service.record(again);
    service.record(again);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rsa_server_report", Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rsa_server_report_step", Integer.class)).isEqualTo(3);
    assertThat(service.report("p1").orElseThrow().followUpInstanceId()).isEqualTo("manual-p1");
  }

  @Test
  void queriesFilterCombineAndListNewestFirstUpToTheLimit() {
    service.record(TestReports.succeeded("p1", "ts01").build());
    service.record(TestReports.succeeded("p2", "ts02").startedAt(T0.plusSeconds(10)).build());
    service.record(TestReports.reverted("p3", "ts01").startedAt(T0.plusSeconds(20)).build());
    service.record(TestReports.succeeded("p4", "ts01").campaignId("camp-2").customerId("globex")
        .startedAt(T0.plusSeconds(30)).build());
    assertThat(service.reports(new ReportQuery(null, null, null, null)))
        .extracting(ServerReport::processInstanceId).containsExactly("p4", "p3", "p2", "p1");
    assertThat(service.reportsOfServer("ts01", 100)).extracting(ServerReport::processInstanceId)
        .containsExactly("p4", "p3", "p1");
    assertThat(service.reports(new ReportQuery("ts01", "camp-1", null, 1)))
        .extracting(ServerReport::processInstanceId).containsExactly("p3");
    assertThat(service.reportsOfCustomer("globex", 10)).extracting(ServerReport::processInstanceId)
        .containsExactly("p4");
    assertThat(service.reportsOfCampaign("camp-1")).extracting(ServerReport::processInstanceId)
        .containsExactly("p1", "p3", "p2");
    assertThat(service.reports(new ReportQuery(null, null, null, null)).get(1).steps()).hasSize(3);
    assertThatThrownBy(() -> new ReportQuery(null, null, null, 0))
        .hasMessage("limit must be between 1 and 1000, got 0");
  }

  @Test
  void aNoticeGoesToTheCustomersContactsUnlessTheAutoActionReportedItself() {
    ReportService.Recorded recorded = service.recordWithNotice(TestReports.reverted("p1", "ts01").build(), ACME);
    Notice notice = recorded.notice();
    assertThat(notice.id()).isEqualTo("server-report:p1:acme");
    assertThat(notice.kind()).isEqualTo(Notice.Kind.SERVER_REPORT);
    assertThat(notice.recipients()).containsExactly("it-admin@acme.example", "ops@acme.example");
    assertThat(notice.subject()).isEqualTo(
        "[Remote Service Agent] acme: maintenance of ts01 REVERTED (update-portal-config version 3)");
    assertThat(notice.body()).isEqualTo(service.render(recorded.report()));
    assertThat(notice.createdAt()).isEqualTo(NOW);
    assertThat(notice.sendState()).isEqualTo(Notice.SendState.PENDING);
    assertThat(notice.sendDetail()).isEqualTo(RecordOnlyNoticeSink.DETAIL);
    assertThat(service.noticeById(notice.id())).contains(notice);

    ReportService.Recorded silent = service.recordWithNotice(
        TestReports.succeeded("p2", "ts02").reportedByAutoAction(true).build(), ACME);
    assertThat(silent.notice()).isNull();
    assertThat(service.report("p2")).isPresent();
    assertThat(service.notices(new NoticeQuery("acme", null, null, null, null))).containsExactly(notice);
  }

  @Test
  void anEngineRetryRecordsTheNoticeOnce() {
    ServerReport r = TestReports.succeeded("p1", "ts01").build();
    Notice first = service.recordWithNotice(r, ACME).notice();
    Notice second = service.recordWithNotice(r, ACME).notice();
    assertThat(second).isEqualTo(first);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rsa_notice", Integer.class)).isEqualTo(1);
    // Alarms are events: each one is its own notice.
    Notice alarm = Notice.of(Notice.Kind.ALARM, "acme", ACME.contacts(), "disk almost full on ts01", "92% used", null, null);
    assertThat(service.notice(alarm).id()).isNotEqualTo(service.notice(alarm).id()).startsWith("alarm:");
  }

  @Test
  void aNoticeForAnotherCustomerThanTheReportsIsRefused() {
    Customer globex = new Customer("globex", "Globex", List.of("it@globex.example"));
    assertThatThrownBy(() -> service.recordWithNotice(TestReports.succeeded("p1", "ts01").build(), globex))
        .hasMessage("report of p1 is for customer acme but the notice would go to customer globex");
    assertThat(service.report("p1")).isEmpty();
  }

  @Test
  void noticesFilterByCustomerCampaignAndKind() {
    service.recordWithNotice(TestReports.succeeded("p1", "ts01").build(), ACME);
    service.announce(new Announcement("camp-1", "update-portal-config", "Update the portal configuration", "3",
        "sha256:abc", "Rewrites portal.conf; about 5 minutes per server.", List.of("ts01", "ts02"),
        T0, T0.plusSeconds(7200)), ACME);
    Notice campaignReport = service.campaignReport("camp-1", ACME, Map.of("ts03", "deferred: the window closed"));
    assertThat(campaignReport.id()).isEqualTo("campaign-report:camp-1:acme");
    assertThat(service.notices(new NoticeQuery(null, "camp-1", null, null, null))).hasSize(3);
    assertThat(service.notices(new NoticeQuery("acme", "camp-1", Notice.Kind.ANNOUNCEMENT, null, null)))
        .extracting(Notice::id).containsExactly("announcement:camp-1:acme");
    assertThat(service.notices(new NoticeQuery("globex", null, null, null, null))).isEmpty();
    assertThat(service.notices(new NoticeQuery(null, null, null, "p1", null))).extracting(Notice::kind)
        .containsExactly(Notice.Kind.SERVER_REPORT);
  }

  @Test
  void recordOnlyLeavesNoticesPendingAndSaysWhy() {
    Notice n = service.recordWithNotice(TestReports.succeeded("p1", "ts01").build(), ACME).notice();
    assertThat(service.deliverPending(10)).isZero();
    Notice after = service.noticeById(n.id()).orElseThrow();
    assertThat(after.sendState()).isEqualTo(Notice.SendState.PENDING);
    assertThat(after.sentAt()).isNull();
    assertThat(after.sendDetail()).isEqualTo(RecordOnlyNoticeSink.DETAIL);
  }

  @Test
  void aSinkDeliversPendingNoticesOnceAndItsAnswerIsRecorded() {
    ReportService withSink = new ReportService(jdbc, new DataSourceTransactionManager(ds), List.of(notice -> {
      delivered.add(notice);
      return notice.recipients().isEmpty() ? NoticeSink.Delivery.failed("no contacts")
          : NoticeSink.Delivery.sent("queued as <" + notice.id() + ">");
    }), Clock.fixed(NOW, ZoneOffset.UTC));
    Notice report = withSink.recordWithNotice(TestReports.succeeded("p1", "ts01").build(), ACME).notice();
    Notice orphan = withSink.notice(Notice.of(Notice.Kind.ALARM, "nobody", List.of(), "alarm", "text", null, null));
    assertThat(withSink.deliverPending(10)).isEqualTo(2);
    assertThat(withSink.deliverPending(10)).isZero();
    assertThat(delivered).extracting(Notice::id).containsExactlyInAnyOrder(report.id(), orphan.id());
    Notice sent = withSink.noticeById(report.id()).orElseThrow();
    assertThat(sent.sendState()).isEqualTo(Notice.SendState.SENT);
    assertThat(sent.sentAt()).isEqualTo(NOW);
    assertThat(sent.sendDetail()).isEqualTo("queued as <server-report:p1:acme>");
    assertThat(withSink.noticeById(orphan.id()).orElseThrow().sendState()).isEqualTo(Notice.SendState.FAILED);
  }

  @Test
  void aSinkThatThrowsLeavesTheNoticeForTheNextRound() {
    ReportService failing = new ReportService(jdbc, new DataSourceTransactionManager(ds), List.of(notice -> {
      throw new IllegalStateException("smtp down");
    }), Clock.fixed(NOW, ZoneOffset.UTC));
    Notice n = failing.recordWithNotice(TestReports.succeeded("p1", "ts01").build(), ACME).notice();
    assertThat(failing.deliverPending(10)).isZero();
    Notice after = failing.noticeById(n.id()).orElseThrow();
    assertThat(after.sendState()).isEqualTo(Notice.SendState.PENDING);
    assertThat(after.sendDetail()).contains("smtp down");
  }
}
