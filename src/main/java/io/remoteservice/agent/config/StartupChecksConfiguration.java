package io.remoteservice.agent.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StartupChecksConfiguration {

  @Bean
  static DatabaseSettingsCheck databaseSettingsCheck() {
    return new DatabaseSettingsCheck();
  }
}
