package io.remoteservice.agent.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the {@code postgres} profile, refuses to start without {@code RSA_DB_URL} and {@code RSA_DB_USER}
 * before any bean touches the database: otherwise the unresolved placeholder would surface as an obscure
 * connection-pool error.
 */
class DatabaseSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (!environment.acceptsProfiles(Profiles.of("postgres"))) {
      return;
    }
    String url = environment.getProperty("RSA_DB_URL");
    if (url == null || url.isBlank() || !url.startsWith("jdbc:postgresql:")) {
      throw new AgentConfigurationException("The postgres profile needs RSA_DB_URL, the database's JDBC URL"
          + " (e.g. jdbc:postgresql://db.example:5432/agent), and RSA_DB_USER and RSA_DB_PASSWORD"
          + (url == null || url.isBlank() ? "; RSA_DB_URL is not set." : "; RSA_DB_URL is '" + url + "'."));
    }
    String user = environment.getProperty("RSA_DB_USER");
    if (user == null || user.isBlank()) {
      throw new AgentConfigurationException("The postgres profile needs RSA_DB_USER, the database user.");
    }
  }
}
