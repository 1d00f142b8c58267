package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyCommandTest {

  @TempDir
  Path dir;

  private byte[] serverKey;
  private byte[] otherKey;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void keys() throws Exception {
    JSch jsch = new JSch();
    serverKey = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
    otherKey = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
  }

  private int run(String... args) {
    HostKeyCommand command = new HostKeyCommand((host, port) ->
        new HostKeyCommand.Scanned(host, port, serverKey));
    return command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String fingerprint() {
    return HostKeys.fingerprint(serverKey);
  }

  @Test
  void showsTypeFingerprintAndLineWithoutWriting() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");

    int code = run("scan", "127.0.0.5:2222", "--known-hosts", knownHosts.toString());

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Key type:    ssh-ed25519")
        .contains("Fingerprint: " + fingerprint())
        .contains("Line:        [127.0.0.5]:2222 ssh-ed25519 " + Base64.getEncoder().encodeToString(serverKey))
        .contains("--accept " + fingerprint());
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptWithTheSameFingerprintAppendsTheLine() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "[127.0.0.9]:22 ssh-ed25519 AAAA");

    int code = run("scan", "127.0.0.5:2222", "--known-hosts", knownHosts.toString(), "--accept",
        fingerprint());

    assertThat(code).isZero();
    assertThat(Files.readAllLines(knownHosts)).containsExactly("[127.0.0.9]:22 ssh-ed25519 AAAA",
        "[127.0.0.5]:2222 ssh-ed25519 " + Base64.getEncoder().encodeToString(serverKey));
    assertThat(run("scan", "127.0.0.5:2222", "--known-hosts", knownHosts.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("already in");
  }

  @Test
  void port22IsWrittenWithoutBrackets() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");

    run("scan", "server.example", "--known-hosts", knownHosts.toString(), "--accept", fingerprint());

    assertThat(Files.readString(knownHosts)).startsWith("server.example ssh-ed25519 ");
  }

  @Test
  void aDifferentFingerprintWritesNothing() {
    Path knownHosts = dir.resolve("known_hosts");

    int code = run("scan", "127.0.0.5:2222", "--known-hosts", knownHosts.toString(), "--accept",
        HostKeys.fingerprint(otherKey));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("The server offers " + fingerprint())
        .contains("Nothing was written");
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void aChangedKeyIsNeverAddedNextToTheOldOne() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    String old = "[127.0.0.5]:2222 ssh-ed25519 " + Base64.getEncoder().encodeToString(otherKey) + "\n";
    Files.writeString(knownHosts, old);

    int code = run("scan", "127.0.0.5:2222", "--known-hosts", knownHosts.toString(), "--accept",
        fingerprint());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("DIFFERENT ssh-ed25519 key")
        .contains("ssh-keygen -R '[127.0.0.5]:2222'");
    assertThat(Files.readString(knownHosts)).isEqualTo(old);
  }

  @Test
  void usageErrors() {
    assertThat(run()).isEqualTo(1);
    assertThat(run("scan")).isEqualTo(1);
    assertThat(run("scan", "h:99999")).isEqualTo(1);
    assertThat(run("scan", "h", "--accept", fingerprint())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--accept needs --known-hosts FILE");
    assertThat(run("scan", "h", "--known-hosts", "f", "--accept", "MD5:aa")).isEqualTo(1);
  }

  @Test
  void theCommandGroupIsRegistered() {
    int code = io.remoteservice.agent.cli.CommandLine.run(new String[] {"hostkey", "scan"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("HOST[:PORT] is missing")
        .contains("Usage: hostkey scan");
  }

  @Test
  void hostAndPortForms() {
    assertThat(HostKeyCommand.splitHostPort("h")).containsExactly("h", "22");
    assertThat(HostKeyCommand.splitHostPort("h:2222")).containsExactly("h", "2222");
    assertThat(HostKeyCommand.splitHostPort("[::1]:2222")).containsExactly("::1", "2222");
    assertThat(HostKeyCommand.splitHostPort("::1")).containsExactly("::1", "22");
  }

  @Test
  void fingerprintIsTheOneSshKeygenPrints() {
    // ssh-keygen -lf of this public key printed SHA256:KKIAfGr6b39J4a+xI3FcMdy3fyg3imP9DGqoCxVQCEE
    byte[] blob = Base64.getDecoder().decode(
        "AAAAC3NzaC1lZDI1NTE5AAAAIJB47IsFSQRt6nTM4tifgNH84te0s/jjq309ciR8feM+");
    assertThat(HostKeys.fingerprint(blob)).isEqualTo("SHA256:KKIAfGr6b39J4a+xI3FcMdy3fyg3imP9DGqoCxVQCEE");
    assertThat(HostKeys.keyType(blob)).isEqualTo("ssh-ed25519");
  }
}
