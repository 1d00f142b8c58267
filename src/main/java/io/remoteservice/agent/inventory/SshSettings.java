package io.remoteservice.agent.inventory;

import java.nio.file.Path;

/**
 * SSH settings. Declared globally, per pool and per server; {@link Server#ssh()} holds the effective
 * settings, each key taken from the most specific level that sets it. Only paths: key material is never
 * read into the inventory.
 */
public record SshSettings(String user, Integer port, Path identity, Path knownHosts) {

  public static final int DEFAULT_PORT = 22;

  static final SshSettings EMPTY = new SshSettings(null, null, null, null);

  /** Each key of {@code more} that is set wins over this one's. */
  SshSettings overriddenBy(SshSettings more) {
    if (more == null) {
      return this;
    }
    return new SshSettings(
        more.user != null ? more.user : user,
        more.port != null ? more.port : port,
        more.identity != null ? more.identity : identity,
        more.knownHosts != null ? more.knownHosts : knownHosts);
  }

  /** The port to connect to: 22 unless set. */
  public int effectivePort() {
    return port == null ? DEFAULT_PORT : port;
  }
}
