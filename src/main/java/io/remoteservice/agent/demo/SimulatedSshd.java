package io.remoteservice.agent.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.LoggerFactory;

/**
 * One Apache MINA SSHD server, in this JVM, bound to the addresses of many simulated servers on one port.
 * Each address has its own ed25519 host key; logins are as the user running the JVM, with public keys only
 * (the authorized keys given). Exec runs real processes ({@link ProcessCommand}) as that user, in the
 * server's own directory; SFTP works on the real file system, so what SFTP writes is what exec sees.
 *
 * <p>It serves the demo profile's fleet ({@link DemoFleet}) and the test fleet's simulated sites. Faults are
 * per address and can be switched at run time ({@link #fault}); see {@link SimulatedFault}.
 */
public final class SimulatedSshd implements AutoCloseable {

  private static final int ATTEMPTS = 3;
  private static final Duration REBIND = Duration.ofSeconds(5);

  private final Path dir;
  private final String user;
  private final String shell;
  private final List<PublicKey> authorized;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private final ExecutorService pumps;
  private final ScheduledExecutorService timer;
  private final Path knownHosts;
  private Server server;
  private int port;
  private boolean closed;

  /** One address: its server's home, host keys and current fault. */
  private static final class Target {
    final String host;
    final Path home;
    final KeyPair hostKey;
    final String hostKeyLine;
    KeyPair otherKey;
    volatile SimulatedFault fault = SimulatedFault.none();
    ServerSocket listener;
    CompletableFuture<Void> acceptLoop;
    final List<Socket> held = new CopyOnWriteArrayList<>();

    Target(String host, Path home, KeyPair hostKey) {
      this.host = host;
      this.home = home;
      this.hostKey = hostKey;
      this.hostKeyLine = PublicKeyEntry.toString(hostKey.getPublic());
    }
  }

  /**
   * Starts listening on every address.
   *
   * @param dir            where {@code known_hosts} is written (and the host keys kept, if asked)
   * @param homesByAddress each simulated server's address and its own directory (exec's working directory)
   * @param authorizedKeys the public keys that may log in (as the user running this JVM)
   * @param keepHostKeys   true: each address's host key is kept in {@code dir/host-keys/ADDRESS} and used
   *                       again at the next start; false: new keys in memory
   * @param port           the port on every address; 0 picks a free one
   */
  public SimulatedSshd(Path dir, Map<String, Path> homesByAddress, List<PublicKey> authorizedKeys,
      boolean keepHostKeys, int port) {
    this.dir = dir;
    this.user = System.getProperty("user.name");
    this.shell = loginShell(user);
    this.authorized = List.copyOf(authorizedKeys);
    quietMinaLogging();
    pumps = Executors.newCachedThreadPool(daemonThreads("sim-exec"));
    timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("sim-fault"));
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, Path> e : homesByAddress.entrySet()) {
        KeyPair hostKey = keepHostKeys
            ? SshKeys.loadOrCreate(dir.resolve("host-keys").resolve(e.getKey()), "host " + e.getKey())
            : SshKeys.generate();
        targets.put(e.getKey(), new Target(e.getKey(), e.getValue(), hostKey));
      }
      start(port);
      StringBuilder kh = new StringBuilder();
      for (Target t : targets.values()) {
        kh.append('[').append(t.host).append("]:").append(this.port).append(' ').append(t.hostKeyLine).append('\n');
      }
      knownHosts = Files.writeString(dir.resolve("known_hosts"), kh.toString());
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the simulated sshd in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** MINA logs every packet at DEBUG; a JUnit run without Spring would otherwise print all of it. */
  private static void quietMinaLogging() {
    if (LoggerFactory.getLogger("org.apache.sshd") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /**
   * The user's login shell from /etc/passwd, which is what OpenSSH runs commands with (bash for root on
   * Debian; dash, /bin/sh, has no {@code kill -- -PGID}).
   */
  public static String loginShell(String user) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":", -1))
          .filter(f -> f.length >= 7 && f[0].equals(user) && Files.isExecutable(Path.of(f[6])))
          .map(f -> f[6]).findFirst().orElse("/bin/sh");
    } catch (IOException e) {
      return "/bin/sh";
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void start(int wanted) throws IOException {
    // A free port on 127.0.0.1 can be taken on one of our addresses by another JVM's fleet: try a few.
    IOException last = null;
    for (int attempt = 1; attempt <= (wanted == 0 ? ATTEMPTS : 1); attempt++) {
      port = wanted == 0 ? freePort() : wanted;
      server = newServer();
      try {
        server.start();
        List<SocketAddress> rest = new ArrayList<>();
        targets.keySet().stream().skip(1).forEach(h -> rest.add(new InetSocketAddress(h, port)));
        server.acceptor().bind(rest);
        return;
      } catch (BindException e) {
        last = new BindException("port " + port + " is taken on one of " + targets.keySet()
            + " (" + e.getMessage() + ")");
        server.stop(true);
      }
    }
    throw last;
  }

  /** A port that is free on every loopback address right now (the kernel's choice on 127.0.0.1). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  /** SshServer keeps its acceptor to itself; binding single addresses on and off needs it. */
  static final class Server extends SshServer {
    IoAcceptor acceptor() {
      return acceptor;
    }
  }

  private Server newServer() {
    Server s = (Server) ServerBuilder.builder().factory(Server::new).build();
    s.setHost(targets.keySet().iterator().next());
    s.setPort(port);
    // Nagle plus delayed ACKs added ~40 ms per request (FACTS.md).
    CoreModuleProperties.TCP_NODELAY.set(s, true);
    // 200 parallel logins on 2 cores: more workers than the default cores + 1, a backlog for the burst.
    CoreModuleProperties.NIO_WORKERS.set(s, 8);
    CoreModuleProperties.SOCKET_BACKLOG.set(s, 1024);
    CoreModuleProperties.SOCKET_REUSEADDR.set(s, true);
    s.setKeyPairProvider(new KeyPairProvider() {
      @Override
      public Iterable<KeyPair> loadKeys(SessionContext session) {
        Target t = target(session);
        return List.of(t.fault.isOtherHostKey() ? otherKey(t) : t.hostKey);
      }
    });
    s.setPublickeyAuthenticator((username, key, session) -> username.equals(user)
        && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    s.setPasswordAuthenticator(null);
    s.setKeyboardInteractiveAuthenticator(null);
    s.setGSSAuthenticator(null);
    s.setHostBasedAuthenticator(null);
    s.setCommandFactory(this::command);
    s.setFileSystemFactory(new HomeFileSystem());
    s.setSubsystemFactories(List.of(new SftpSubsystemFactory() {
      @Override
      public Command createSubsystem(ChannelSession channel) throws IOException {
        Path home = target(channel.getSession()).home;
        // MINA starts SFTP in the JVM's working directory; OpenSSH's sftp-server in the user's home.
        return new SftpSubsystem(channel, this) {
          @Override
          public void setFileSystem(FileSystem fs) {
            super.setFileSystem(fs);
            defaultDir = home;
          }
        };
      }
    }));
    s.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        SimulatedFault f = target(session).fault;
        if (f.dropAfter() != null) {
          timer.schedule(() -> {
            session.close(true);
          }, f.dropAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    });
    return s;
  }

  private Command command(ChannelSession channel, String command) {
    Target t = target(channel.getSession());
    if (t.fault.isHangExec()) {
      return new HangingCommand();
    }
    return new ProcessCommand(command, user, shell, t.home, pumps, p -> {
      processes.add(p);
      p.onExit().thenRun(() -> processes.remove(p));
    });
  }

  private Target target(SessionContext session) {
    InetSocketAddress local = (InetSocketAddress) ((Session) session).getIoSession().getLocalAddress();
    Target t = targets.get(local.getAddress().getHostAddress());
    if (t == null) {
      throw new IllegalStateException("the simulated sshd was reached on " + local + ", not a server of it");
    }
    return t;
  }

  private synchronized KeyPair otherKey(Target t) {
    if (t.otherKey == null) {
      t.otherKey = SshKeys.generate();
    }
    return t.otherKey;
  }

  /** The real file system; SFTP's relative paths start in the server's home, as exec's do. */
  private final class HomeFileSystem implements FileSystemFactory {
    @Override
    public Path getUserHomeDir(SessionContext session) {
      return target(session).home;
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) {
      return FileSystems.getDefault();
    }
  }

  /** Accepts an exec request and never answers it. */
  private static final class HangingCommand implements Command {
    @Override
    public void setExitCallback(ExitCallback callback) {}

    @Override
    public void setInputStream(java.io.InputStream in) {}

    @Override
    public void setOutputStream(java.io.OutputStream out) {}

    @Override
    public void setErrorStream(java.io.OutputStream err) {}

    @Override
    public void start(ChannelSession channel, Environment env) {}

    @Override
    public void destroy(ChannelSession channel) {}
  }

  /**
   * Switches the fault of one address (replacing the one before). Connection faults take the address away
   * from MINA: unbound it refuses connections; a plain socket in its place closes or holds them.
   */
  public synchronized void fault(String host, SimulatedFault fault) {
    Target t = targets.get(host);
    if (t == null) {
      throw new IllegalArgumentException("no simulated server on " + host);
    }
    if (closed) {
      throw new IllegalStateException("the simulated sshd on port " + port + " is closed");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    boolean wasBound = t.fault.isBound();
    releaseListener(t);
    t.fault = fault;
    try {
      if (wasBound && !fault.isBound()) {
        server.acceptor().unbind(address);
      }
      if (fault.isCloseOnConnect() || fault.isHangBeforeBanner()) {
        t.listener = new ServerSocket();
        t.listener.setReuseAddress(true);
        t.listener.bind(address, 200);
        ServerSocket listener = t.listener;
        boolean hang = fault.isHangBeforeBanner();
        t.acceptLoop = CompletableFuture.runAsync(() -> acceptLoop(t, listener, hang), pumps);
      }
      if (!wasBound && fault.isBound()) {
        bindAgain(address);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot switch " + host + ":" + port + " to " + fault, e);
    }
  }

  /**
   * Binds MINA to the address again. A ServerSocket closed while a thread blocks in accept() keeps its port
   * until that thread has left; the loop was awaited, the retries cover the rest.
   */
  private void bindAgain(InetSocketAddress address) throws IOException {
    long deadline = System.nanoTime() + REBIND.toNanos();
    while (true) {
      try {
        server.acceptor().bind(address);
        return;
      } catch (BindException e) {
        if (System.nanoTime() > deadline) {
          throw new BindException("MINA could not listen on " + address + " again within " + REBIND);
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
  }

  private static void acceptLoop(Target t, ServerSocket listener, boolean hang) {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        if (hang) {
          t.held.add(s);
        } else {
          s.close();
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void releaseListener(Target t) {
    if (t.listener != null) {
      try {
        t.listener.close();
      } catch (IOException e) {
        // closing anyway
      }
      t.listener = null;
    }
    if (t.acceptLoop != null) {
      try {
        t.acceptLoop.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // bindAgain retries
      }
      t.acceptLoop = null;
    }
    for (Socket s : t.held) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    t.held.clear();
  }

  public SimulatedFault fault(String host) {
    return targets.get(host).fault;
  }

  public int port() {
    return port;
  }

  /** The login user: the user running this JVM. */
  public String user() {
    return user;
  }

  /** A known_hosts file with one {@code [ADDRESS]:PORT KEY} line per simulated server. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** The {@code ssh-ed25519 AAAA...} host key of one address, as its known_hosts line has it. */
  public String hostKeyLine(String host) {
    return targets.get(host).hostKeyLine;
  }

  /** Processes started by exec that still run (not the ones they detached). */
  public List<ProcessHandle> running() {
    return processes.stream().filter(Process::isAlive).map(Process::toHandle).toList();
  }

  /** Closes every session, stops listening and kills the processes exec started, with their children. */
  @Override
  public synchronized void close() {
    closed = true;
    targets.values().forEach(SimulatedSshd::releaseListener);
    if (server != null) {
      try {
        server.stop(true);
      } catch (IOException e) {
        // the acceptor is gone either way
      }
    }
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    timer.shutdownNow();
    pumps.shutdownNow();
  }
}
