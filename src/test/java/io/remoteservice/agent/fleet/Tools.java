package io.remoteservice.agent.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's binaries the fleet runs, and short helper commands (ssh-keygen). */
final class Tools {

  static final Path SSHD = Path.of("/usr/sbin/sshd");
  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
  static final Path SSH = Path.of("/usr/bin/ssh");
  static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

  private Tools() {}

  static void require(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing, but the test fleet needs it: run .ci/run, which"
          + " installs the Debian package " + debianPackage + " (or: apt-get install -y " + debianPackage
          + ") before the tests");
    }
  }

  /** Runs a short command to its end; fails with its output when it does not exit 0 within 60 s. */
  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("exit " + p.exitValue() + " from " + String.join(" ", command)
            + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Generates a key pair without passphrase; RSA keys in PEM, which every client reads. */
  static Path keygen(Path file, String type, String comment) {
    List<String> cmd = type.equals("rsa")
        ? List.of(SSH_KEYGEN.toString(), "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-C", comment,
            "-f", file.toString())
        : List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", comment, "-f", file.toString());
    run(cmd);
    return file;
  }
}
