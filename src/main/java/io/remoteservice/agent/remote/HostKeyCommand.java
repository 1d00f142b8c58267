package io.remoteservice.agent.remote;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.remoteservice.agent.cli.CommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * {@code hostkey scan HOST[:PORT] [--known-hosts FILE] [--accept SHA256:...]}: the administrator's way
 * to accept a server's host key. It shows the key the server offers (type, SHA256 fingerprint,
 * known_hosts line) and appends it to FILE only when {@code --accept} names the same fingerprint,
 * which the administrator has compared with the one the server's own administrator gave. A key that
 * differs from one already in FILE is never added next to it.
 */
public final class HostKeyCommand implements CommandLine.Command {

  private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(10);

  /** What the server offered. */
  record Scanned(String host, int port, byte[] key) {
    String type() {
      return HostKeys.keyType(key);
    }

    String fingerprint() {
      return HostKeys.fingerprint(key);
    }

    String line() {
      return HostKeys.knownHostsLine(host, port, key);
    }
  }

  /** Fetches the key; a test may replace how. */
  interface Scanner {
    Scanned scan(String host, int port) throws IOException;
  }

  private final Scanner scanner;

  public HostKeyCommand() {
    this(HostKeyCommand::scanHost);
  }

  HostKeyCommand(Scanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("scan")) {
      usage(err);
      return CommandLine.USAGE_OR_IO;
    }
    String target = null;
    Path knownHosts = null;
    String accept = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--known-hosts" -> {
          if (++i >= args.length) {
            return usageError(err, "--known-hosts needs a FILE");
          }
          knownHosts = Path.of(args[i]);
        }
        case "--accept" -> {
          if (++i >= args.length) {
            return usageError(err, "--accept needs the fingerprint, SHA256:...");
          }
          accept = args[i];
        }
        default -> {
          if (args[i].startsWith("-") || target != null) {
            return usageError(err, "unexpected argument '" + args[i] + "'");
          }
          target = args[i];
        }
      }
    }
    if (target == null) {
      return usageError(err, "HOST[:PORT] is missing");
    }
    if (accept != null && knownHosts == null) {
      return usageError(err, "--accept needs --known-hosts FILE: the file to add the key to");
    }
    if (accept != null && !accept.startsWith("SHA256:")) {
      return usageError(err, "--accept takes a SHA256 fingerprint as ssh-keygen -l prints it "
          + "(SHA256:...)");
    }
    String host;
    int port;
    try {
      String[] hostPort = splitHostPort(target);
      host = hostPort[0];
      port = Integer.parseInt(hostPort[1]);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (RuntimeException e) {
      return usageError(err, "'" + target + "' is not HOST or HOST:PORT with a port 1-65535");
    }
    Scanned scanned;
    try {
      scanned = scanner.scan(host, port);
    } catch (IOException e) {
      err.println("Cannot fetch the host key of " + HostKeys.hostPort(host, port) + ": "
          + e.getMessage());
      return CommandLine.USAGE_OR_IO;
    }
    out.println("Host:        " + HostKeys.hostPort(host, port));
    out.println("Key type:    " + scanned.type());
    out.println("Fingerprint: " + scanned.fingerprint());
    out.println("Line:        " + scanned.line());

    int known = HostKeyRepository.NOT_INCLUDED;
    if (knownHosts != null && Files.exists(knownHosts)) {
      try {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        known = jsch.getHostKeyRepository().check(HostKeys.knownHostsName(host, port), scanned.key());
      } catch (JSchException e) {
        err.println("Cannot read " + knownHosts + ": " + e.getMessage());
        return CommandLine.USAGE_OR_IO;
      }
    }
    if (known == HostKeyRepository.OK) {
      out.println("Status:      already in " + knownHosts + "; nothing to do.");
      return CommandLine.OK;
    }
    if (known == HostKeyRepository.CHANGED) {
      err.println("WARNING: " + knownHosts + " holds a DIFFERENT " + scanned.type() + " key for "
          + HostKeys.knownHostsName(host, port) + ". The server was reinstalled, or someone is in the "
          + "middle. Nothing was written. Only if the server's administrator confirms the fingerprint "
          + "above: remove the old key with `ssh-keygen -R '" + HostKeys.knownHostsName(host, port)
          + "' -f " + knownHosts + "` and run this command again with --accept.");
      return CommandLine.INVALID;
    }
    if (accept == null) {
      out.println("Status:      not in " + (knownHosts == null ? "a known_hosts file (none given)"
          : knownHosts) + ".");
      out.println("Compare the fingerprint with the one the server's administrator gives you (on the "
          + "server: ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(scanned.type()) + "_key.pub). If "
          + "they are equal, accept the key:");
      out.println("  java -jar remote-service-agent.jar hostkey scan " + target + " --known-hosts "
          + (knownHosts == null ? "FILE" : knownHosts) + " --accept " + scanned.fingerprint());
      return CommandLine.OK;
    }
    if (!accept.equals(scanned.fingerprint())) {
      err.println("The server offers " + scanned.fingerprint() + ", not " + accept + ". Nothing was "
          + "written. Do not accept this key until the server's administrator explains the difference.");
      return CommandLine.INVALID;
    }
    try {
      append(knownHosts, scanned.line());
    } catch (IOException e) {
      err.println("Cannot write " + knownHosts + ": " + e.getMessage());
      return CommandLine.USAGE_OR_IO;
    }
    out.println("Status:      added to " + knownHosts + ".");
    return CommandLine.OK;
  }

  private static String shortType(String type) {
    return switch (type) {
      case "ssh-ed25519" -> "ed25519";
      case "ssh-rsa" -> "rsa";
      default -> type.startsWith("ecdsa") ? "ecdsa" : type;
    };
  }

  static String[] splitHostPort(String target) {
    if (target.startsWith("[")) {
      int close = target.indexOf(']');
      String host = target.substring(1, close);
      String rest = target.substring(close + 1);
      if (rest.isEmpty()) {
        return new String[] {host, "22"};
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException(target);
      }
      return new String[] {host, rest.substring(1)};
    }
    int colon = target.lastIndexOf(':');
    if (colon < 0 || target.indexOf(':') != colon) {
      // No port, or a bare IPv6 address.
      return new String[] {target, "22"};
    }
    if (colon == 0) {
      throw new IllegalArgumentException(target);
    }
    return new String[] {target.substring(0, colon), target.substring(colon + 1)};
  }

  private static void append(Path file, String line) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IOException("directory " + parent + " does not exist");
    }
    String prefix = "";
    if (Files.exists(file) && Files.size(file) > 0) {
      byte[] content = Files.readAllBytes(file);
      if (content[content.length - 1] != '\n') {
        prefix = "\n";
      }
    }
    Files.writeString(file, prefix + line + "\n", StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Runs the key exchange up to the host key check and stops there, with an empty repository: the key
   * is recorded, no authentication is attempted.
   */
  static Scanned scanHost(String host, int port) throws IOException {
    JSch jsch = new JSch();
    HostKeys.Recording recording = new HostKeys.Recording(null);
    jsch.setHostKeyRepository(recording);
    Session session = null;
    try {
      session = jsch.getSession("hostkey-scan", host, port);
      RemoteShell.SESSION_CONFIG.forEach(session::setConfig);
      session.setSocketFactory(new NoDelaySocketFactory((int) SCAN_TIMEOUT.toMillis()));
      session.connect((int) SCAN_TIMEOUT.toMillis());
      throw new IOException("the server accepted a session without a host key check");
    } catch (JSchException e) {
      if (recording.offered() != null) {
        return new Scanned(host, port, recording.offered());
      }
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException(cause.getMessage(), e);
    } finally {
      if (session != null) {
        session.disconnect();
      }
    }
  }

  private static int usageError(PrintStream err, String problem) {
    err.println("hostkey: " + problem);
    usage(err);
    return CommandLine.USAGE_OR_IO;
  }

  private static void usage(PrintStream err) {
    err.println("Usage: hostkey scan HOST[:PORT] [--known-hosts FILE] [--accept SHA256:FINGERPRINT]");
    err.println("  Shows the SSH host key HOST offers. With --accept and the same fingerprint, appends");
    err.println("  it to FILE. Accept only a fingerprint the server's administrator confirmed.");
  }
}
