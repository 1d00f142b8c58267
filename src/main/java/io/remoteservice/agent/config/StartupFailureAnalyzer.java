package io.remoteservice.agent.config;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/** Turns the start-up failures that operators meet most into a message that says what to fix. */
class StartupFailureAnalyzer implements FailureAnalyzer {

  private final Environment environment;

  StartupFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    AgentConfigurationException config = find(failure, AgentConfigurationException.class);
    if (config != null) {
      return new FailureAnalysis(config.getMessage(), "Fix the setting named above and start the agent again.", config);
    }
    IllegalStateException policy = find(failure, IllegalStateException.class);
    if (policy != null && policy.getMessage() != null && policy.getMessage().startsWith("rsa.admin.")) {
      return new FailureAnalysis(policy.getMessage(), "Fix the administrator setting named above and start the agent again.", policy);
    }
    SQLException sql = find(failure, SQLException.class);
    Throwable network = firstOf(failure, ConnectException.class, UnknownHostException.class);
    if (sql != null || network != null) {
      String url = environment.getProperty("spring.datasource.url", "(unset)");
      Throwable cause = network != null ? network : sql;
      return new FailureAnalysis(
          "The agent cannot use its database at " + url + ": " + cause.getMessage(),
          "Check that the database is running and reachable, and RSA_DB_URL, RSA_DB_USER and RSA_DB_PASSWORD"
              + " (profile postgres). Without a profile the agent uses an H2 file under ./data.",
          failure);
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  @SafeVarargs
  private static Throwable firstOf(Throwable failure, Class<? extends Throwable>... types) {
    for (Class<? extends Throwable> type : types) {
      Throwable found = find(failure, type);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
