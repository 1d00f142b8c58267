package io.remoteservice.agent.config;

/** A setting that stops the agent from starting; the message says what to fix. */
public class AgentConfigurationException extends RuntimeException {

  public AgentConfigurationException(String message) {
    super(message);
  }

  public AgentConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
