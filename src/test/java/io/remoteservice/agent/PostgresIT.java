package io.remoteservice.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application on PostgreSQL, configured as production is: the {@code postgres} profile and
 * {@code RSA_DB_URL}, {@code RSA_DB_USER}, {@code RSA_DB_PASSWORD} (issue 2, must-show 2).
 */
@ExtendWith(FleetExtension.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "rsa.admin.user=" + AgentTest.ADMIN, "rsa.admin.password=" + AgentTest.PASSWORD})
class PostgresIT {

  static TestDatabase database;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    database = Fleet.shared().postgres(PostgresIT.class);
    registry.add("RSA_DB_URL", database::url);
    registry.add("RSA_DB_USER", database::user);
    registry.add("RSA_DB_PASSWORD", database::password);
  }

  @Autowired DataSource dataSource;
  @Autowired RepositoryService repository;
  @Autowired TestRestTemplate rest;

  @Test
  void engineRunsOnPostgresql() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
      assertThat(c.getMetaData().getURL()).isEqualTo(database.url());
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("select count(*) from act_re_procdef where key_ = 'manual-access'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("select count(*) from act_id_membership where user_id_ = '" + AgentTest.ADMIN
               + "' and group_id_ = 'camunda-admin'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("manual-access").count()).isEqualTo(1);
  }

  @Test
  void theAgentsOwnTablesExistBesideTheEnginesWhicheverCameFirst() throws Exception {
    // The engine may create its tables before Flyway runs; Flyway then baselines below V1 and still applies
    // every migration (a baseline at 1 once skipped the capacity leases' tables).
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String table : java.util.List.of("rsa_pool_lock", "rsa_capacity_lease", "rsa_server_report", "rsa_notice")) {
        try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
          assertThat(rs.next()).as(table).isTrue();
        }
      }
    }
  }

  @Test
  void restAndHealthAnswerFromPostgresql() {
    assertThat(rest.getForEntity("/engine-rest/engine", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.withBasicAuth(AgentTest.ADMIN, AgentTest.PASSWORD).getForEntity("/engine-rest/engine", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(rest.withBasicAuth(AgentTest.ADMIN, AgentTest.PASSWORD).getForEntity("/actuator/health", String.class)
        .getBody()).contains("PostgreSQL").contains("\"status\":\"UP\"");
  }
}
