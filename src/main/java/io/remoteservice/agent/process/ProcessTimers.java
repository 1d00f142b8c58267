package io.remoteservice.agent.process;

import io.remoteservice.agent.config.RsaProperties;
import org.springframework.stereotype.Component;

/**
 * The engine's waiting intervals for timer events, as ISO-8601 strings
 * ({@code camunda:timeDuration="${rsaTimers.upPoll}"}), from {@code rsa.timers.*}: tests shorten them.
 */
@Component("rsaTimers")
public class ProcessTimers {

  private final RsaProperties.Timers timers;

  public ProcessTimers(RsaProperties properties) {
    this.timers = properties.timers();
  }

  public String getAutoActionPoll() {
    return timers.autoActionPoll().toString();
  }

  public String getDrainPoll() {
    return timers.drainPoll().toString();
  }

  public String getCapacityRetry() {
    return timers.capacityRetry().toString();
  }

  public String getUpPoll() {
    return timers.upPoll().toString();
  }
}
