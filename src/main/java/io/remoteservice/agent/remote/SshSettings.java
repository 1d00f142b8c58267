package io.remoteservice.agent.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one server over SSH. Holds file paths only, never key material, so it may be logged.
 * There is deliberately no setting that turns host key checking off.
 *
 * @param host           address or name of the server
 * @param port           the sshd port
 * @param user           the login user
 * @param identity       the private key file (ed25519 or RSA; OpenSSH or PEM format; no passphrase)
 * @param knownHosts     the known_hosts file the server's key must be in
 * @param connectTimeout limit for opening the TCP connection
 * @param authTimeout    limit for key exchange and authentication
 * @param channelTimeout limit for opening one channel (exec or SFTP)
 * @param commandTimeout default limit for a whole command from start to exit
 */
public record SshSettings(String host, int port, String user, Path identity, Path knownHosts,
    Duration connectTimeout, Duration authTimeout, Duration channelTimeout, Duration commandTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_CHANNEL_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);

  public SshSettings {
    require(host != null && !host.isBlank(), "host is missing");
    require(port > 0 && port < 65536, "port " + port + " is not between 1 and 65535");
    require(user != null && !user.isBlank(), "user is missing for " + host);
    Objects.requireNonNull(identity, () -> "identity file is missing for " + host);
    Objects.requireNonNull(knownHosts, () -> "knownHosts file is missing for " + host);
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    authTimeout = positive(authTimeout, DEFAULT_AUTH_TIMEOUT, "authTimeout");
    channelTimeout = positive(channelTimeout, DEFAULT_CHANNEL_TIMEOUT, "channelTimeout");
    commandTimeout = positive(commandTimeout, DEFAULT_COMMAND_TIMEOUT, "commandTimeout");
  }

  /** Settings with the default timeouts. */
  public static SshSettings of(String host, int port, String user, Path identity, Path knownHosts) {
    return new SshSettings(host, port, user, identity, knownHosts, null, null, null, null);
  }

  public SshSettings withTimeouts(Duration connect, Duration auth, Duration channel, Duration command) {
    return new SshSettings(host, port, user, identity, knownHosts, connect, auth, channel, command);
  }

  public SshSettings withIdentity(Path otherIdentity) {
    return new SshSettings(host, port, user, otherIdentity, knownHosts, connectTimeout, authTimeout,
        channelTimeout, commandTimeout);
  }

  public SshSettings withKnownHosts(Path otherKnownHosts) {
    return new SshSettings(host, port, user, identity, otherKnownHosts, connectTimeout, authTimeout,
        channelTimeout, commandTimeout);
  }

  public SshSettings withPort(int otherPort) {
    return new SshSettings(host, otherPort, user, identity, knownHosts, connectTimeout, authTimeout,
        channelTimeout, commandTimeout);
  }

  /** {@code user@host:port}, the name used in messages. */
  public String target() {
    return user + "@" + HostKeys.hostPort(host, port);
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    require(!value.isNegative() && !value.isZero() && value.toMillis() <= Integer.MAX_VALUE,
        name + " " + value + " must be positive and below 24 days");
    return value;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("SSH settings: " + message);
    }
  }
}
