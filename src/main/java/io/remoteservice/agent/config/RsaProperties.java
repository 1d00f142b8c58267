package io.remoteservice.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The agent's settings ({@code rsa.*}); each can also be set from the environment ({@code RSA_INVENTORY},
 * {@code RSA_JOBS}, {@code RSA_ADMIN_USER}, ...). A wrong value stops start-up with a message that
 * names the property.
 *
 * @param inventory the inventory file (YAML); optional until the first server is to be maintained
 * @param jobs      the directory of job packages
 * @param admin     the first administrator, created at start-up when missing
 * @param history   how long history is kept
 * @param timers    the engine's waiting intervals; tests shorten them
 */
@ConfigurationProperties("rsa")
public record RsaProperties(
    Path inventory,
    @DefaultValue("jobs") Path jobs,
    @DefaultValue Admin admin,
    @DefaultValue History history,
    @DefaultValue Timers timers)
    implements Validator {

  /**
   * The first administrator. Required outside the {@code demo} profile.
   *
   * @param user     user id of the first administrator ({@code RSA_ADMIN_USER})
   * @param password its password ({@code RSA_ADMIN_PASSWORD}); never logged
   */
  public record Admin(String user, String password) {
    @Override
    public String toString() {
      return "Admin[user=" + user + ", password=" + (password == null ? "unset" : "***") + "]";
    }
  }

  /**
   * @param retention history time to live of every process definition; auditors need years, not days
   */
  public record History(@DefaultValue("P3650D") Duration retention) {}

  /**
   * Intervals of the engine's timer loops, as ISO-8601 durations.
   *
   * @param autoActionPoll how often a running AutoAction or FailureRevert is polled
   * @param drainPoll      how often a draining server's sticky entries are cleared and sessions counted
   * @param capacityRetry  how long a server waits before asking its pool for capacity again
   * @param upPoll         how often the load balancer is asked whether a returned server is UP
   */
  public record Timers(
      @DefaultValue("PT10S") Duration autoActionPoll,
      @DefaultValue("PT15S") Duration drainPoll,
      @DefaultValue("PT30S") Duration capacityRetry,
      @DefaultValue("PT5S") Duration upPoll) {}

  @Override
  public boolean supports(Class<?> clazz) {
    return RsaProperties.class.isAssignableFrom(clazz);
  }

  @Override
  public void validate(Object target, Errors errors) {
    RsaProperties p = (RsaProperties) target;
    if (p.inventory() != null) {
      if (!Files.isRegularFile(p.inventory())) {
        errors.rejectValue("inventory", "notFound",
            "the inventory file " + p.inventory().toAbsolutePath() + " does not exist or is not a file;"
                + " point rsa.inventory (RSA_INVENTORY) at your inventory YAML");
      } else if (!Files.isReadable(p.inventory())) {
        errors.rejectValue("inventory", "unreadable",
            "the inventory file " + p.inventory().toAbsolutePath() + " is not readable by this user;"
                + " fix its permissions or point rsa.inventory (RSA_INVENTORY) elsewhere");
      }
    }
    Duration retention = p.history().retention();
    if (retention.isNegative() || retention.toDays() < 1) {
      errors.rejectValue("history.retention", "tooShort",
          "history must be kept at least one day (ISO-8601, e.g. P3650D)");
    }
    checkPositive(errors, "timers.autoActionPoll", p.timers().autoActionPoll());
    checkPositive(errors, "timers.drainPoll", p.timers().drainPoll());
    checkPositive(errors, "timers.capacityRetry", p.timers().capacityRetry());
    checkPositive(errors, "timers.upPoll", p.timers().upPoll());
  }

  private static void checkPositive(Errors errors, String field, Duration value) {
    if (value.isZero() || value.isNegative()) {
      errors.rejectValue(field, "notPositive", "must be a positive ISO-8601 duration such as PT10S");
    }
  }
}
