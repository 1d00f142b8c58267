package io.remoteservice.agent.report;

import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Reports as the server-maintenance process would write them, and a migrated H2 database. */
final class TestReports {

  static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  private TestReports() {
  }

  static ServerReport.Builder succeeded(String processInstanceId, String serverId) {
    return ServerReport.builder(processInstanceId, serverId, "update-portal-config")
        .campaignId("camp-1").poolId("portal").customerId("acme").jobVersion("3")
        .digest("sha256:" + "ab".repeat(32)).platform("debian-12-x86_64").variant("AutoAction.debian.sh")
        .revertVariant("FailureRevert.sh").outcome(ServerReport.Outcome.SUCCEEDED)
        .autoAction(0, "changed portal.conf\nRSA-RESULT: SUCCESS\n")
        .startedAt(T0).endedAt(T0.plusSeconds(250))
        .step("Preflight", "Task_Preflight", T0, T0.plusSeconds(5), "variant AutoAction.debian.sh, digest verified")
        .step("Drain", "Task_Drain", T0.plusSeconds(5), T0.plusSeconds(125), "drained after 4 rounds")
        .step("Run AutoAction", "Task_RunAutoAction", T0.plusSeconds(125), T0.plusSeconds(245), "exit 0");
  }

  static ServerReport.Builder reverted(String processInstanceId, String serverId) {
    return succeeded(processInstanceId, serverId).outcome(ServerReport.Outcome.REVERTED)
        .reason("AutoAction failed: exit code 3").autoAction(3, "half done\n")
        .failureRevert(0, "restored portal.conf\n").followUpInstanceId("manual-" + processInstanceId);
  }

  static DataSource migratedH2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }
}
