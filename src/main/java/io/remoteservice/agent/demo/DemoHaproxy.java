package io.remoteservice.agent.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The demo's private HAProxy: Debian's binary run in the foreground ({@code -db}) as a child of the agent,
 * with its configuration, Unix admin socket and log under one directory. It stops with the agent.
 */
final class DemoHaproxy implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(20);
  private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy"));

  private final Path dir;
  private final Path socket;
  private final Path log;
  private final Process process;

  /** The haproxy binary: Debian's place, /usr/local/sbin, or the PATH. */
  static Optional<Path> find() {
    Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(d -> !d.isBlank()).map(d -> Path.of(d, "haproxy"));
    return Stream.concat(PLACES.stream(), onPath).filter(Files::isExecutable).findFirst();
  }

  /**
   * Writes the configuration (with the Unix admin socket {@code dir/admin.sock}), checks it with
   * {@code haproxy -c} and starts HAProxy; returns when every member of every backend is UP.
   */
  DemoHaproxy(Path binary, Path dir, HaproxyConfig config) {
    this.dir = dir;
    this.socket = dir.resolve("admin.sock");
    this.log = dir.resolve("haproxy.log");
    HaproxyConfig withSocket = new HaproxyConfig(List.of(socket.toAbsolutePath() + " mode 600 level admin"),
        config.checkMillis(), config.backends());
    Path cfg = dir.resolve("haproxy.cfg");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(socket);
      Files.writeString(cfg, withSocket.text());
      check(binary, cfg);
      stopLeftover(dir.resolve("haproxy.pid"), cfg);
      process = new ProcessBuilder(binary.toString(), "-db", "-f", cfg.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Files.writeString(dir.resolve("haproxy.pid"), process.pid() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start HAProxy (" + binary + ") in " + dir + ": " + e.getMessage(), e);
    }
    awaitUp(config);
  }

  private static void check(Path binary, Path cfg) throws IOException {
    Process p = new ProcessBuilder(binary.toString(), "-c", "-q", "-f", cfg.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("HAProxy refuses the demo's configuration " + cfg + ": " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + cfg, e);
    }
  }

  /** An HAProxy of an earlier demo that was killed with the agent (kill -9) still runs: stop it. */
  private static void stopLeftover(Path pidFile, Path cfg) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile).strip();
    Files.delete(pidFile);
    if (!text.matches("[0-9]+")) {
      return;
    }
    ProcessHandle.of(Long.parseLong(text))
        .filter(h -> h.info().commandLine().map(c -> c.contains("haproxy") && c.contains(cfg.toString())).orElse(false))
        .ifPresent(h -> {
          h.destroy();
          h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> {
            h.destroyForcibly();
            return h;
          }).join();
        });
  }

  private void awaitUp(HaproxyConfig config) {
    long members = config.backends().stream().mapToLong(b -> b.members().size()).sum();
    long deadline = System.nanoTime() + START.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("HAProxy stopped at start (exit " + process.exitValue() + "); see " + log);
      }
      if (Files.exists(socket)) {
        try {
          last = command("show stat");
          if (last.lines().filter(l -> l.contains(",UP,")).count() >= members) {
            return;
          }
        } catch (UncheckedIOException e) {
          last = e.getMessage();
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    close();
    throw new IllegalStateException("HAProxy did not report the demo's " + members + " servers UP within " + START
        + "; see " + log + ". Last answer: " + last);
  }

  /** {@code unix:/…/admin.sock}, as the inventory lists it. */
  String inventorySocket() {
    return "unix:" + socket.toAbsolutePath();
  }

  Path directory() {
    return dir;
  }

  /** One Runtime API command over the Unix socket. */
  String command(String command) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("'" + command + "' over " + socket + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
