package io.remoteservice.agent.remote;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH sessions to servers: public-key authentication, strict host key checking against the
 * configured known_hosts file (there is no way to turn it off), and the time limits of
 * {@link SshSettings}. Each failure has its own exception, see {@link #open(SshSettings)}.
 */
public class RemoteShell {

  private static final Logger log = LoggerFactory.getLogger(RemoteShell.class);

  /**
   * Key exchanges without ML-KEM: JSch 2.28 offers it first, Java 17 lacks it, and the failed attempt
   * costs time on every connect (FACTS.md).
   */
  static final String KEX = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
      + "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
      + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";

  /** Plain host keys only: known_hosts lines are what we check, not host certificates. */
  static final String HOST_KEY_ALGORITHMS = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
      + "ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

  static final Map<String, String> SESSION_CONFIG = Map.of(
      "StrictHostKeyChecking", "yes",
      "kex", KEX,
      "server_host_key", HOST_KEY_ALGORITHMS,
      "prefer_known_host_key_types", "yes",
      "PreferredAuthentications", "publickey",
      "HashKnownHosts", "no",
      "MaxAuthTries", "3");

  private static final int SERVER_ALIVE_INTERVAL_MILLIS = 15_000;
  private static final int SERVER_ALIVE_COUNT_MAX = 4;

  private final OutputLimit outputLimit;

  public RemoteShell() {
    this(OutputLimit.DEFAULT);
  }

  public RemoteShell(OutputLimit outputLimit) {
    this.outputLimit = outputLimit;
  }

  /**
   * Connects and authenticates.
   *
   * @throws UnknownHostKeyException        the known_hosts file has no key for the server
   * @throws ChangedHostKeyException        it has another key for the server
   * @throws AuthenticationFailedException  the server refused the user key
   * @throws ConnectionRefusedException     nothing listens on the port
   * @throws RemoteTimeoutException         connect or authentication took too long
   * @throws RemoteException                anything else (unknown host name, unreadable key file ...)
   */
  public RemoteSession open(SshSettings settings) {
    long started = System.nanoTime();
    JSch jsch = new JSch();
    HostKeys.Recording hostKeys;
    try {
      addIdentity(jsch, settings);
      requireFile(settings, settings.knownHosts(), "known_hosts file",
          "create it with `java -jar remote-service-agent.jar hostkey scan " 
              + HostKeys.hostPort(settings.host(), settings.port()) + " --known-hosts "
              + settings.knownHosts() + "`");
      jsch.setKnownHosts(settings.knownHosts().toString());
      hostKeys = new HostKeys.Recording(jsch.getHostKeyRepository());
      jsch.setHostKeyRepository(hostKeys);
    } catch (JSchException e) {
      throw new RemoteException(settings.target(), "cannot read " + settings.knownHosts() + ": "
          + e.getMessage(), e);
    }
    Session session;
    try {
      session = jsch.getSession(settings.user(), settings.host(), settings.port());
      SESSION_CONFIG.forEach(session::setConfig);
      session.setSocketFactory(new NoDelaySocketFactory((int) settings.connectTimeout().toMillis()));
      session.setDaemonThread(true);
      session.setServerAliveInterval(SERVER_ALIVE_INTERVAL_MILLIS);
      session.setServerAliveCountMax(SERVER_ALIVE_COUNT_MAX);
      session.connect((int) settings.authTimeout().toMillis());
    } catch (JSchException e) {
      throw translate(e, settings, hostKeys);
    }
    if (log.isDebugEnabled()) {
      log.debug("ssh {} connected in {} ms ({}, host key {})", settings.target(),
          (System.nanoTime() - started) / 1_000_000, session.getKexAlgorithm(),
          session.getServerHostKeyAlgorithm());
    }
    return new RemoteSession(session, settings, outputLimit);
  }

  private static void addIdentity(JSch jsch, SshSettings settings) {
    Path identity = settings.identity();
    requireFile(settings, identity, "identity file", "point the inventory's ssh.identity at the "
        + "agent's private key");
    KeyPair pair;
    try {
      pair = KeyPair.load(jsch, identity.toString());
    } catch (JSchException e) {
      throw new RemoteException(settings.target(), "identity file " + identity + " is not a private "
          + "key JSch can read (ed25519 or RSA, OpenSSH or PEM format)", null);
    }
    try {
      if (pair.getKeyType() == KeyPair.UNKNOWN || pair.getKeyType() == KeyPair.ERROR) {
        throw new RemoteException(settings.target(), "identity file " + identity + " holds no "
            + "supported private key (ed25519 or RSA, OpenSSH or PEM format)");
      }
      if (pair.isEncrypted()) {
        throw new RemoteException(settings.target(), "identity file " + identity + " is protected by "
            + "a passphrase; the agent needs a key without one, readable only by the agent's user");
      }
      jsch.addIdentity(identity.toString());
    } catch (JSchException e) {
      // The message of a key parser may quote key bytes: do not pass it on.
      throw new RemoteException(settings.target(), "identity file " + identity + " cannot be used "
          + "as a key", null);
    } finally {
      pair.dispose();
    }
  }

  private static void requireFile(SshSettings settings, Path file, String what, String hint) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new RemoteException(settings.target(), what + " " + file + " does not exist or is not "
          + "readable: " + hint);
    }
  }

  static RemoteException translate(JSchException e, SshSettings s, HostKeys.Recording hostKeys) {
    String target = s.target();
    byte[] offered = hostKeys == null ? null : hostKeys.offered();
    String type = offered == null ? "unknown" : HostKeys.keyType(offered);
    String fingerprint = offered == null ? "unknown" : HostKeys.fingerprint(offered);
    if (e instanceof JSchChangedHostKeyException) {
      log.warn("ssh {}: host key CHANGED ({} {}); nothing done", target, type, fingerprint);
      return new ChangedHostKeyException(target, s.host(), s.port(), type, fingerprint,
          s.knownHosts().toString(), null);
    }
    if (e instanceof JSchUnknownHostKeyException) {
      log.warn("ssh {}: host key unknown ({} {}); nothing done", target, type, fingerprint);
      return new UnknownHostKeyException(target, s.host(), s.port(), type, fingerprint,
          s.knownHosts().toString(), null);
    }
    Throwable cause = rootCause(e);
    if (cause instanceof NoDelaySocketFactory.ConnectTimeout) {
      return new RemoteTimeoutException(target, RemoteTimeoutException.Phase.CONNECT,
          s.connectTimeout(), null);
    }
    if (cause instanceof SocketTimeoutException) {
      return new RemoteTimeoutException(target, RemoteTimeoutException.Phase.AUTHENTICATION,
          s.authTimeout(), null);
    }
    if (cause instanceof ConnectException) {
      return new ConnectionRefusedException(target, null);
    }
    if (cause instanceof UnknownHostException) {
      return new HostUnreachableException(target, "host name " + s.host() + " cannot be resolved: "
          + "check the inventory");
    }
    if (cause instanceof NoRouteToHostException) {
      return new HostUnreachableException(target, "no route to host " + s.host());
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")
        || message.contains("Too many authentication failures")) {
      return new AuthenticationFailedException(target, s.identity().toString(), null);
    }
    if (message.contains("timeout")) {
      return new RemoteTimeoutException(target, RemoteTimeoutException.Phase.AUTHENTICATION,
          s.authTimeout(), null);
    }
    if (message.contains("closed by foreign host") || message.contains("Connection reset")) {
      return new RemoteException(target, "the server closed the connection during the handshake "
          + "(sshd limits such as MaxStartups, or a firewall?): " + message, null);
    }
    return new RemoteException(target, "SSH connection failed: " + message, null);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t instanceof NoDelaySocketFactory.ConnectTimeout) {
        return t;
      }
    }
    return t;
  }
}
