package io.remoteservice.agent.report;

import static io.remoteservice.agent.report.TestReports.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.TestDatabase;
import io.remoteservice.agent.inventory.Customer;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The V2 migration and every statement of the report service on the fleet's PostgreSQL: typed nulls,
 * TEXT outputs, time zones, LIMIT, the upsert, and a notice recorded once inside a transaction that
 * rolls back and is retried (what the engine does to a failed step).
 */
@ExtendWith(FleetExtension.class)
class ReportPostgresIT {

  static final Customer ACME = new Customer("acme", "ACME GmbH", List.of("it-admin@acme.example"));

  static HikariDataSource dataSource;
  static ReportService service;
  static JdbcTemplate jdbc;
  static DataSourceTransactionManager transactions;

  @BeforeAll
  static void start(Fleet fleet) throws Exception {
    TestDatabase db = fleet.postgres(ReportPostgresIT.class);
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(db.url());
    dataSource.setUsername(db.user());
    dataSource.setPassword(db.password());
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("rsa_schema_history")
        .load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    transactions = new DataSourceTransactionManager(dataSource);
    service = new ReportService(jdbc, transactions, List.of(), Clock.systemUTC());
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @AfterAll
  static void stop() {
    dataSource.close();
  }

  @Test
  void reportsRoundTripWithNullsLongOutputsAndTheUpsert() {
    String big = "start\n" + "y".repeat(300_000) + "\nend\n";
    ServerReport full = TestReports.reverted("pg-1", "ts01").autoAction(1, big).build();
    ServerReport bare = ServerReport.builder("pg-2", "ghost", "update-portal-config")
        .outcome(ServerReport.Outcome.NOT_CHANGED).startedAt(T0).endedAt(T0).build();
    service.record(full);
    service.record(full);
    service.record(bare);
    assertThat(service.report("pg-1")).contains(full);
    assertThat(service.report("pg-1").orElseThrow().autoActionOutput()).hasSize(full.autoActionOutput().length())
        .endsWith("\nend\n");
    assertThat(service.report("pg-2")).contains(bare);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rsa_server_report_step WHERE process_instance_id = 'pg-1'",
        Integer.class)).isEqualTo(3);
    assertThat(service.reports(new ReportQuery(null, null, null, 1))).hasSize(1);
    assertThat(service.reports(new ReportQuery("ts01", "camp-1", "acme", 10)))
        .extracting(ServerReport::processInstanceId).containsExactly("pg-1");
    assertThat(service.reportsOfCampaign("camp-1")).extracting(ServerReport::processInstanceId).contains("pg-1");
  }

  @Test
  void aRolledBackStepLeavesNothingAndItsRetryRecordsOnce() {
    TransactionTemplate engineStep = new TransactionTemplate(transactions);
    ServerReport r = TestReports.succeeded("pg-3", "ts02").build();
    try {
      engineStep.executeWithoutResult(status -> {
        service.recordWithNotice(r, ACME);
        throw new IllegalStateException("the step failed after writing");
      });
    } catch (IllegalStateException expected) {
      // the engine would retry the job
    }
    assertThat(service.report("pg-3")).isEmpty();
    assertThat(service.noticeById("server-report:pg-3:acme")).isEmpty();
    engineStep.executeWithoutResult(status -> service.recordWithNotice(r, ACME));
    engineStep.executeWithoutResult(status -> service.recordWithNotice(r, ACME));
    assertThat(service.notices(new NoticeQuery("acme", null, Notice.Kind.SERVER_REPORT, "pg-3", null))).hasSize(1);
    Notice campaign = service.campaignReport("camp-1", ACME, Map.of("ts09", "deferred"));
    assertThat(service.noticeById(campaign.id()).orElseThrow().body()).contains("ts09: not started: deferred");
    assertThat(service.deliverPending(100)).isZero();
  }
}
