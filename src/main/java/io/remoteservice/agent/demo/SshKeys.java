package io.remoteservice.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * ed25519 key pairs as OpenSSH writes them: the private key in {@code openssh-key-v1} format without a
 * passphrase (mode 600) and the public key in {@code FILE.pub}, so that JSch, OpenSSH's {@code ssh} and the
 * simulator all read the same files.
 */
public final class SshKeys {

  private SshKeys() {}

  /** A new ed25519 key pair, in memory. */
  public static KeyPair generate() {
    try {
      return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ed25519 key (is net.i2p.crypto:eddsa on the"
          + " class path?)", e);
    }
  }

  /**
   * The key pair kept in {@code file}; generated and written there (with {@code file.pub}) when the file
   * does not exist yet.
   */
  public static KeyPair loadOrCreate(Path file, String comment) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      KeyPair pair = generate();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(tmp)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
      }
      Files.writeString(file.resolveSibling(file.getFileName() + ".pub"),
          PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n");
      Files.move(tmp, file);
      return pair;
    } catch (IOException | GeneralSecurityException e) {
      throw new UncheckedIOException("cannot create the key " + file.toAbsolutePath() + ": " + e.getMessage()
          + "; check that its directory is writable", e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
          in, null);
      Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
      if (it == null || !it.hasNext()) {
        throw new IOException("holds no key pair; delete it to have a new one generated");
      }
      return it.next();
    }
  }

  /** A public key from an OpenSSH {@code .pub} file or {@code authorized_keys} line. */
  public static PublicKey readPublicKey(Path pub) {
    try {
      return PublicKeyEntry.parsePublicKeyEntry(Files.readString(pub).trim()).resolvePublicKey(null, Map.of(),
          null);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the public key " + pub + ": " + e.getMessage(), e);
    }
  }
}
