package io.remoteservice.agent.remote;

/** The known_hosts file has no key for this host and port: it has never been confirmed. */
public final class UnknownHostKeyException extends HostKeyException {

  UnknownHostKeyException(String target, String host, int port, String keyType, String fingerprint,
      String knownHosts, Throwable cause) {
    super(target, host, port, keyType, fingerprint,
        "host key unknown: " + HostKeys.hostPort(host, port) + " offered an " + keyType + " key with "
            + "fingerprint " + fingerprint + ", and " + knownHosts + " has no key for it. Nothing was "
            + "done on this server. " + scanHint(host, port, knownHosts),
        cause);
  }
}
