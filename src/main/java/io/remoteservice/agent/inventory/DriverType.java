package io.remoteservice.agent.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the agent talks to a pool's load balancer; the inventory spells it in lower case. */
public enum DriverType {
  HAPROXY, MANUAL, COMMAND, NONE;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<DriverType> fromYaml(String value) {
    return Arrays.stream(values()).filter(t -> t.yamlName().equals(value)).findFirst();
  }
}
