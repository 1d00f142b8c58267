package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** A Spring context reaches the class's own PostgreSQL database through the properties alone. */
@ExtendWith(FleetExtension.class)
@SpringJUnitConfig
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
class FleetDatabaseSpringIT {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Fleet.shared().postgres(FleetDatabaseSpringIT.class).registerIn(registry);
  }

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void theContextUsesTheClassDatabase() {
    assertThat(jdbc.queryForObject("SELECT current_database()", String.class))
        .isEqualTo(Fleet.shared().postgres(FleetDatabaseSpringIT.class).name());
  }
}
