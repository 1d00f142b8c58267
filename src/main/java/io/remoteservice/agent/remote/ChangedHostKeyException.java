package io.remoteservice.agent.remote;

/**
 * The known_hosts file has another key of the same type for this host and port. Either the server was
 * reinstalled or someone is in the middle; only the server's administrator can say which.
 */
public final class ChangedHostKeyException extends HostKeyException {

  ChangedHostKeyException(String target, String host, int port, String keyType, String fingerprint,
      String knownHosts, Throwable cause) {
    super(target, host, port, keyType, fingerprint,
        "HOST KEY CHANGED: " + HostKeys.hostPort(host, port) + " offered an " + keyType + " key with "
            + "fingerprint " + fingerprint + ", but " + knownHosts + " holds a different " + keyType
            + " key for it. Nothing was done on this server. This can mean an attack. Ask the server's "
            + "administrator whether the key was changed; if so, remove the old line (ssh-keygen -R '"
            + HostKeys.knownHostsName(host, port) + "' -f " + knownHosts + ") and accept the new key: "
            + scanHint(host, port, knownHosts),
        cause);
  }
}
