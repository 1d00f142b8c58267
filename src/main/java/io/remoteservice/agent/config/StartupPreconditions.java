package io.remoteservice.agent.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start without a first administrator, before a database or the engine is touched. The
 * {@code demo} profile creates its own users and needs none.
 */
public class StartupPreconditions implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.acceptsProfiles(Profiles.of("demo"))) {
      return;
    }
    String user = environment.getProperty("rsa.admin.user");
    String password = environment.getProperty("rsa.admin.password");
    if (isBlank(user) || isBlank(password)) {
      throw new AgentConfigurationException(
          "No first administrator is configured: set RSA_ADMIN_USER and RSA_ADMIN_PASSWORD"
              + " (or rsa.admin.user and rsa.admin.password), or start with the demo profile"
              + " (--spring.profiles.active=demo) for a first look.");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
