package io.remoteservice.agent.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test fleet of one JVM: it starts real sites (sshd + HAProxy + servers, {@link #real(Layout)}),
 * simulated sites (one MINA server for hundreds of servers, {@link #simulated(Layout)}), databases
 * ({@link #postgres(Class)}, {@link #h2(Class)}); and it stops and
 * removes all of them at the end of the run, also when tests fail. Everything lives under one temporary
 * directory {@code /tmp/rsa-fleet-<pid>-*}.
 *
 * <p>Get it injected ({@code @ExtendWith(FleetExtension.class)}, then a {@code Fleet} parameter of a test,
 * {@code @BeforeAll} or constructor) or from {@link #shared()} (for {@code @DynamicPropertySource}).
 * The extension closes it when the JUnit run ends; a JVM shutdown hook is the safety net.
 *
 * <pre>{@code
 * @ExtendWith(FleetExtension.class)
 * class DrainIT {
 *   static RealSite site;
 *
 *   @BeforeAll
 *   static void start(Fleet fleet) {
 *     site = fleet.real(Layout.pool("portal", 3));
 *   }
 *
 *   @AfterAll
 *   static void stop() {
 *     site.close();
 *   }
 *
 *   @Test
 *   void drainKeepsStickyUsers() {
 *     FleetServer s = site.server("portal-01");
 *     StickyClient user = site.haproxy().clientOn(s);
 *     site.haproxy().command("set server be_portal/portal-01 state drain");
 *     assertThat(user.get()).isEqualTo("portal-01");
 *   }
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {

  private static final Pattern FLEET_DIR = Pattern.compile("rsa-fleet-(\\d+)-.*");
  private static Fleet shared;

  private final Path root;
  private final Thread shutdownHook;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Map<Class<?>, TestDatabase> postgresByClass = new LinkedHashMap<>();
  private final Map<Class<?>, TestDatabase> h2ByClass = new LinkedHashMap<>();
  private Databases databases;
  private Path ed25519;
  private Path rsa;
  private int sites;
  private boolean closed;

  private Fleet() {
    cleanUpDeadRuns();
    try {
      root = Files.createTempDirectory("rsa-fleet-" + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the fleet's temporary directory", e);
    }
    shutdownHook = new Thread(this::closeQuietly, "fleet-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The fleet of this JVM, started on first use (a new one after {@link #close()}). */
  public static synchronized Fleet shared() {
    if (shared == null || shared.closed) {
      shared = new Fleet();
    }
    return shared;
  }

  /** The fleet's directory; every site, key and log is under it. */
  public Path root() {
    return root;
  }

  /**
   * Starts a site: one private sshd on every server address, the HAProxy instance(s) with a backend per
   * haproxy pool and an HTTP backend per server, and writes its inventory. Each call is a new, independent
   * site (own ports, own host key, own runtime state); close it when done or leave that to the fleet.
   */
  public synchronized RealSite real(Layout layout) {
    checkOpen();
    // Checked here, not at start: a test that only needs a database must not need the daemons.
    Tools.require(Tools.SSHD, "openssh-server");
    Tools.require(Tools.HAPROXY, "haproxy");
    ensureUserKeys();
    sites++;
    String name = "site" + sites;
    RealSite site = new RealSite("real " + name, root.resolve(name), layout, ed25519, rsa);
    resources.add(site);
    return site;
  }

  /**
   * Starts a simulated site: hundreds of servers, each on its own address of 127.0.32.0/22, served by one
   * Apache MINA SSHD in this JVM that runs real commands; a real HAProxy only if a pool has driver haproxy.
   * Each call is a new, independent site; close it when done or leave that to the fleet.
   */
  public synchronized SimulatedSite simulated(Layout layout) {
    checkOpen();
    if (layout.needsHaproxy()) {
      Tools.require(Tools.HAPROXY, "haproxy");
    }
    ensureUserKeys();
    sites++;
    String name = "site" + sites;
    SimulatedSite site = new SimulatedSite("simulated " + name, root.resolve(name), layout, ed25519, rsa);
    resources.add(site);
    return site;
  }

  /**
   * An empty PostgreSQL database for {@code testClass} ({@code rsa_it_<class>_p<pid>_<n>}); the same one on
   * every call for the same class. Fails with a clear message when PostgreSQL is not reachable.
   */
  public synchronized TestDatabase postgres(Class<?> testClass) {
    checkOpen();
    return postgresByClass.computeIfAbsent(testClass, c -> {
      if (databases == null) {
        databases = new Databases();
      }
      TestDatabase db = databases.createPostgres(c);
      resources.add(() -> databases.drop(db));
      return db;
    });
  }

  /** An in-memory H2 database for {@code testClass}; the same one on every call for the same class. */
  public synchronized TestDatabase h2(Class<?> testClass) {
    checkOpen();
    return h2ByClass.computeIfAbsent(testClass, c -> {
      TestDatabase db = Databases.createH2(c);
      resources.add(() -> new Databases().drop(db));
      return db;
    });
  }

  /** The user's ed25519 key of this fleet (authorized on every site's sshd). */
  public synchronized Path ed25519Identity() {
    ensureUserKeys();
    return ed25519;
  }

  /** The user's RSA key of this fleet (PEM; authorized on every site's sshd). */
  public synchronized Path rsaIdentity() {
    ensureUserKeys();
    return rsa;
  }

  private void ensureUserKeys() {
    if (ed25519 == null) {
      Tools.require(Tools.SSH_KEYGEN, "openssh-client");
      Path keys = root.resolve("user-keys");
      try {
        Files.createDirectories(keys);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + keys, e);
      }
      ed25519 = Tools.keygen(keys.resolve("id_ed25519"), "ed25519", "rsa-fleet-user");
      rsa = Tools.keygen(keys.resolve("id_rsa"), "rsa", "rsa-fleet-user");
    }
  }

  /** Registers something to close with the fleet (in reverse order of registration). */
  public synchronized void onClose(AutoCloseable resource) {
    checkOpen();
    resources.add(resource);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the fleet is closed; take a new one from Fleet.shared()");
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops every site, drops every database, kills what still runs in the fleet's directory and removes it.
   * Fails, after doing all of that, when a process of the fleet survives or something could not be closed.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: this is the hook running
    }
    List<String> problems = new ArrayList<>();
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable r : reversed) {
      try {
        r.close();
      } catch (Exception e) {
        problems.add(e.getMessage());
      }
    }
    List<String> killed = Processes.killLeftovers(root);
    if (!killed.isEmpty()) {
      problems.add("processes were still running in " + root + ": " + killed);
    }
    List<ProcessHandle> alive = Processes.leftovers(root);
    if (!alive.isEmpty()) {
      problems.add("processes survive: " + alive.stream().map(ProcessHandle::pid).toList());
    }
    deleteTree(root);
    if (Files.exists(root)) {
      problems.add("cannot remove " + root);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the test fleet did not close cleanly: " + String.join("; ", problems));
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("[fleet] " + e.getMessage());
    }
  }

  /** Fleet directories of JVMs that died without closing: their daemons are killed, the directory removed. */
  private static void cleanUpDeadRuns() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> dirs = Files.list(tmp)) {
      dirs.forEach(d -> {
        Matcher m = FLEET_DIR.matcher(d.getFileName().toString());
        if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          Processes.killLeftovers(d);
          deleteTree(d);
        }
      });
    } catch (IOException e) {
      // nothing to clean
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
          if (exc instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw exc;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      System.err.println("[fleet] cannot remove " + dir + ": " + e.getMessage());
    }
  }
}
