package io.remoteservice.agent.remote;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import io.remoteservice.agent.job.PackageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Names and fingerprints of host keys, in the forms OpenSSH uses. */
final class HostKeys {

  private HostKeys() {}

  /** {@code host:port}, with brackets around IPv6 addresses. */
  static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The name a known_hosts line uses: the host alone for port 22, {@code [host]:port} otherwise. */
  static String knownHostsName(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  /** {@code SHA256:} and the unpadded base64 of the key blob's SHA-256, as {@code ssh-keygen -l}. */
  static String fingerprint(byte[] keyBlob) {
    byte[] hash = PackageDigest.sha256().digest(keyBlob);
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
  }

  /** The key type named inside the blob ({@code ssh-ed25519}, {@code rsa-sha2-512} keys say ssh-rsa). */
  static String keyType(byte[] keyBlob) {
    if (keyBlob == null || keyBlob.length < 4) {
      return "unknown";
    }
    int len = ((keyBlob[0] & 0xff) << 24) | ((keyBlob[1] & 0xff) << 16) | ((keyBlob[2] & 0xff) << 8)
        | (keyBlob[3] & 0xff);
    if (len <= 0 || len > 64 || 4 + len > keyBlob.length) {
      return "unknown";
    }
    return new String(keyBlob, 4, len, StandardCharsets.US_ASCII);
  }

  static String knownHostsLine(String host, int port, byte[] keyBlob) {
    return knownHostsName(host, port) + " " + keyType(keyBlob) + " "
        + Base64.getEncoder().encodeToString(keyBlob);
  }

  /**
   * Remembers the key the server offered, so that an unknown or changed key can be reported with its
   * fingerprint. Everything else is the wrapped repository's decision.
   */
  static final class Recording implements HostKeyRepository {

    private final HostKeyRepository delegate;
    private volatile byte[] offered;

    Recording(HostKeyRepository delegate) {
      this.delegate = delegate;
    }

    byte[] offered() {
      return offered;
    }

    @Override
    public int check(String host, byte[] key) {
      offered = key.clone();
      return delegate == null ? NOT_INCLUDED : delegate.check(host, key);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
      // Keys are only ever added by the administrator command, never during a connection.
    }

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
      return delegate == null ? "none" : delegate.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
      return delegate == null ? new HostKey[0] : delegate.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
      return delegate == null ? new HostKey[0] : delegate.getHostKey(host, type);
    }
  }
}
