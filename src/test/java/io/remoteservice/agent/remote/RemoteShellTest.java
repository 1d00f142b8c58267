package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fails before a connection is made, and how JSch's failures are named. */
class RemoteShellTest {

  @TempDir
  Path dir;

  private SshSettings settings(Path identity, Path knownHosts) {
    return SshSettings.of("127.0.0.1", 1, "maint", identity, knownHosts);
  }

  private Path knownHosts() throws Exception {
    return Files.writeString(dir.resolve("known_hosts"), "");
  }

  @Test
  void aMissingIdentityFileIsNamed() throws Exception {
    Path missing = dir.resolve("id_missing");
    assertThatThrownBy(() -> new RemoteShell().open(settings(missing, knownHosts())))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("identity file " + missing + " does not exist");
  }

  @Test
  void anEncryptedKeyIsRefusedWithoutShowingIt() throws Exception {
    Path key = dir.resolve("id_encrypted");
    KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
    try (OutputStream out = new FileOutputStream(key.toFile())) {
      pair.writePrivateKey(out, "secret".getBytes(StandardCharsets.US_ASCII));
    }

    assertThatThrownBy(() -> new RemoteShell().open(settings(key, knownHosts())))
        .hasMessageContaining("protected by a passphrase")
        .hasMessageNotContaining("BEGIN");
  }

  @Test
  void garbageIsNotAKey() throws Exception {
    Path key = Files.writeString(dir.resolve("id_garbage"), "not a key\n");

    assertThatThrownBy(() -> new RemoteShell().open(settings(key, knownHosts())))
        .hasMessageContaining("is not a private key");
  }

  @Test
  void aMissingKnownHostsFileSaysHowToMakeIt() throws Exception {
    Path key = dir.resolve("id_rsa");
    KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).writePrivateKey(key.toString());
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(() -> new RemoteShell().open(settings(key, missing)))
        .hasMessageContaining("known_hosts file " + missing + " does not exist")
        .hasMessageContaining("hostkey scan 127.0.0.1:1");
  }

  @Test
  void jschFailuresBecomeDistinctExceptions() throws Exception {
    SshSettings s = settings(dir.resolve("id"), dir.resolve("kh"));

    assertThat(RemoteShell.translate(new JSchException("Auth fail for methods 'publickey'"), s, null))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("did not accept the key");
    assertThat(RemoteShell.translate(new JSchException("Session.connect: x",
        new ConnectException("Connection refused")), s, null))
        .isInstanceOf(ConnectionRefusedException.class);
    assertThat(RemoteShell.translate(new JSchException("Session.connect: x",
        new NoDelaySocketFactory.ConnectTimeout("t")), s, null))
        .isInstanceOfSatisfying(RemoteTimeoutException.class,
            e -> assertThat(e.phase()).isEqualTo(RemoteTimeoutException.Phase.CONNECT));
    assertThat(RemoteShell.translate(new JSchException("Session.connect: x",
        new SocketTimeoutException("Read timed out")), s, null))
        .isInstanceOfSatisfying(RemoteTimeoutException.class,
            e -> assertThat(e.phase()).isEqualTo(RemoteTimeoutException.Phase.AUTHENTICATION));
  }

  @Test
  void settingsAreValidated() {
    Path p = dir.resolve("x");
    assertThatThrownBy(() -> SshSettings.of("", 22, "u", p, p)).hasMessageContaining("host is missing");
    assertThatThrownBy(() -> SshSettings.of("h", 0, "u", p, p)).hasMessageContaining("port 0");
    assertThatThrownBy(() -> SshSettings.of("h", 22, " ", p, p)).hasMessageContaining("user is missing");
    assertThatThrownBy(() -> SshSettings.of("h", 22, "u", p, p)
        .withTimeouts(Duration.ZERO, null, null, null)).hasMessageContaining("connectTimeout");
    SshSettings ok = SshSettings.of("h", 2222, "u", p, p);
    assertThat(ok.commandTimeout()).isEqualTo(SshSettings.DEFAULT_COMMAND_TIMEOUT);
    assertThat(ok.target()).isEqualTo("u@h:2222");
  }
}
