package io.remoteservice.agent.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server as a private daemon: own config, host key, authorized keys and pid file in the
 * site's directory, one free port, listening on every server address of the site. Logins are as the user
 * running the tests, with the fleet's ed25519 or RSA key; {@link #knownHosts()} matches the host key.
 */
public final class RealSshd implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final List<String> addresses;
  private final SshAccess access;
  private Daemon daemon;
  private int port;

  RealSshd(Path dir, List<String> addresses, Path ed25519, Path rsa) {
    Tools.require(Tools.SSHD, "openssh-server");
    Tools.require(Tools.SSH_KEYGEN, "openssh-client");
    this.dir = dir;
    this.addresses = List.copyOf(addresses);
    try {
      Files.createDirectories(dir);
      // sshd refuses to start without its privilege-separation directory.
      Files.createDirectories(Path.of("/run/sshd"));
      Path hostKey = Tools.keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519", "rsa-fleet-host");
      Path authorized = dir.resolve("authorized_keys");
      Files.writeString(authorized, Files.readString(Path.of(ed25519 + ".pub"))
          + Files.readString(Path.of(rsa + ".pub")));
      String hostKeyLine = publicKeyLine(Path.of(hostKey + ".pub"));
      startOnFreePort(hostKey, authorized);
      Path knownHosts = dir.resolve("known_hosts");
      StringBuilder kh = new StringBuilder();
      for (String a : addresses) {
        kh.append('[').append(a).append("]:").append(port).append(' ').append(hostKeyLine).append('\n');
      }
      Files.writeString(knownHosts, kh.toString());
      this.access = new SshAccess(System.getProperty("user.name"), port, ed25519, rsa, knownHosts, hostKeyLine);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot prepare sshd in " + dir, e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startOnFreePort(Path hostKey, Path authorized) throws IOException {
    // A free port can be taken by someone else before sshd binds it: try a few.
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      port = Net.freePort();
      Path config = dir.resolve("sshd_config");
      Files.writeString(config, config(hostKey, authorized));
      daemon = new Daemon("sshd on port " + port,
          List.of(Tools.SSHD.toString(), "-D", "-e", "-f", config.toString()), dir.resolve("sshd.log"));
      Tools.run(List.of(Tools.SSHD.toString(), "-t", "-f", config.toString()));
      daemon.start();
      try {
        daemon.awaitReady(START_TIMEOUT, () -> addresses.stream().allMatch(a -> Net.sshBanner(a, port)));
        return;
      } catch (IllegalStateException e) {
        last = e;
        daemon.stop();
      }
    }
    throw last;
  }

  private String config(Path hostKey, Path authorized) {
    StringBuilder c = new StringBuilder();
    c.append("Port ").append(port).append('\n');
    for (String a : addresses) {
      c.append("ListenAddress ").append(a).append('\n');
    }
    c.append("HostKey ").append(hostKey).append('\n')
        .append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
        .append("AuthorizedKeysFile ").append(authorized).append('\n')
        .append("""
            UsePAM no
            StrictModes no
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            MaxStartups 500:30:1000
            MaxSessions 100
            MaxAuthTries 10
            LoginGraceTime 30
            UseDNS no
            PrintMotd no
            PrintLastLog no
            X11Forwarding no
            AcceptEnv LANG LC_* RSA_*
            """)
        // A heavy ~/.bashrc made every exec slow; SHLVL=1 lets it skip the interactive set-up.
        .append("SetEnv SHLVL=1\n")
        .append("Subsystem sftp ").append(Tools.SFTP_SERVER).append('\n');
    return c.toString();
  }

  private static String publicKeyLine(Path pub) throws IOException {
    String[] parts = Files.readString(pub).trim().split("\\s+");
    return parts[0] + " " + parts[1];
  }

  public int port() {
    return port;
  }

  public List<String> addresses() {
    return addresses;
  }

  /** known_hosts with one {@code [ip]:port} line per server address. */
  public Path knownHosts() {
    return access.knownHosts();
  }

  /**
   * A known_hosts that names every server address with another (freshly generated) ed25519 key: a client
   * using it sees a changed host key and must stop.
   */
  public synchronized Path knownHostsWithOtherKey() {
    Path file = dir.resolve("known_hosts_other_key");
    if (!Files.exists(file)) {
      try {
        Path other = Tools.keygen(dir.resolve("other_host_ed25519_key"), "ed25519", "rsa-fleet-other-host");
        String line = publicKeyLine(Path.of(other + ".pub"));
        StringBuilder kh = new StringBuilder();
        for (String a : addresses) {
          kh.append('[').append(a).append("]:").append(port).append(' ').append(line).append('\n');
        }
        Files.writeString(file, kh.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
    return file;
  }

  /** User, port, keys and known_hosts: everything a client needs. */
  public SshAccess access() {
    return access;
  }

  public long pid() {
    return daemon.pid();
  }

  public boolean isRunning() {
    return daemon != null && daemon.isAlive();
  }

  /** The daemon's log (sshd -e): logins, disconnects, errors. */
  public Path log() {
    return daemon.log();
  }

  /**
   * Runs {@code command} on the server at {@code host} with the {@code ssh} client binary, strict host key
   * checking against {@link #knownHosts()}, the ed25519 key, at most 60 s.
   */
  public ExecResult exec(String host, String command) {
    return exec(host, command, access.identity(), access.knownHosts());
  }

  /** As {@link #exec(String, String)}, with another key or known_hosts (to show that a wrong one fails). */
  public ExecResult exec(String host, String command, Path identity, Path knownHosts) {
    Tools.require(Tools.SSH, "openssh-client");
    List<String> cmd = new ArrayList<>(List.of(Tools.SSH.toString(), "-F", "/dev/null",
        "-i", identity.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
        "-p", Integer.toString(port), access.user() + "@" + host, command));
    long t0 = System.nanoTime();
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ssh to " + host + " did not end within 60 s: " + command);
      }
      return new ExecResult(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run ssh to " + host, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Stops the daemon and every session it still serves. */
  @Override
  public void close() {
    if (daemon != null) {
      daemon.stop();
    }
  }
}
