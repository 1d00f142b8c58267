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

/** The same through H2: the class's in-memory database, by properties alone. */
@ExtendWith(FleetExtension.class)
@SpringJUnitConfig
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
class FleetH2SpringIT {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Fleet.shared().h2(FleetH2SpringIT.class).registerIn(registry);
  }

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void theContextUsesTheClassDatabase() {
    String name = Fleet.shared().h2(FleetH2SpringIT.class).name();
    assertThat(jdbc.queryForObject(
        "SELECT CATALOG_NAME FROM INFORMATION_SCHEMA.INFORMATION_SCHEMA_CATALOG_NAME", String.class))
        .isEqualToIgnoringCase(name);
  }
}
