package io.remoteservice.agent.remote;

/**
 * The server's host key is not the one in the configured known_hosts file. Nothing was sent to the
 * server (the check happens during key exchange, before authentication), and nothing may be: only an
 * administrator who has compared the fingerprint with the server's own administrator can accept a key
 * ({@code hostkey scan}).
 */
public abstract class HostKeyException extends RemoteException {

  private final String host;
  private final int port;
  private final String keyType;
  private final String fingerprint;

  HostKeyException(String target, String host, int port, String keyType, String fingerprint,
      String message, Throwable cause) {
    super(target, message, cause);
    this.host = host;
    this.port = port;
    this.keyType = keyType;
    this.fingerprint = fingerprint;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The type of the key the server offered ({@code ssh-ed25519}), or "unknown". */
  public String keyType() {
    return keyType;
  }

  /** {@code SHA256:...} of the key the server offered, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return fingerprint;
  }

  static String scanHint(String host, int port, String knownHosts) {
    return "Ask the server's administrator for the fingerprint of its host key, then run `java -jar "
        + "remote-service-agent.jar hostkey scan " + HostKeys.hostPort(host, port) + " --known-hosts "
        + knownHosts + "` and accept the key only if the fingerprints are equal.";
  }
}
