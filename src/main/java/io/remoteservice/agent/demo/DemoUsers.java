package io.remoteservice.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo pools' users, so that draining a server has something to wait for: each user comes from a
 * loopback address of its own (HAProxy's {@code stick on src} keeps it on one server), opens a session
 * that its server holds for a few seconds, leaves, pauses, and comes back. A drained server keeps its
 * users until their sessions end; once the agent has cleared their sticky entries, they come back on
 * another server.
 */
final class DemoUsers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final ExecutorService threads;
  private final Map<String, Integer> sessionsByServer = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param frontends the pools' frontends
   * @param sources   the users' source addresses, in turns over the pools
   * @param hold      how long a user stays at most (at least a fifth of it)
   */
  DemoUsers(List<InetSocketAddress> frontends, List<String> sources, Duration hold) {
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newFixedThreadPool(Math.max(1, sources.size()), r -> {
      Thread t = new Thread(r, "demo-user-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Runnable> users = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      InetSocketAddress frontend = frontends.get(i % frontends.size());
      String source = sources.get(i);
      users.add(() -> visit(source, frontend, hold));
    }
    users.forEach(threads::execute);
  }

  private void visit(String source, InetSocketAddress frontend, Duration hold) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!closed) {
      long stay = random.nextLong(hold.toMillis() / 5, hold.toMillis() + 1);
      String token = UUID.randomUUID().toString();
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(source, 0));
        s.connect(frontend, 2000);
        s.setSoTimeout((int) (hold.toMillis() + 10_000));
        s.getOutputStream().write(("GET /hold/" + token + " HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String server = serverOf(s.getInputStream());
        if (server != null) {
          sessionsByServer.merge(server, 1, Integer::sum);
        }
        pause(stay);
        HttpBackend.release(token);
        s.getInputStream().readAllBytes();
      } catch (IOException e) {
        // HAProxy had no server for the user, or is gone: the user tries again later.
        if (!closed && failures.incrementAndGet() % 50 == 1) {
          log.debug("demo user {} could not reach {}: {}", source, frontend, e.getMessage());
        }
      } finally {
        HttpBackend.release(token);
      }
      // Away longer than the agent's drain poll (3 s in the demo): a drained server's sticky entry of a
      // user who left is cleared before the user comes back, as with real users between two visits.
      pause(random.nextLong(4000, 8000));
    }
  }

  /** Reads the response head and returns the server id it names, or null. */
  private static String serverOf(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    String prefix = HttpBackend.SERVER_HEADER.toLowerCase() + ":";
    return head.toString().lines().filter(l -> l.toLowerCase().startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
  }

  private void pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!closed && System.nanoTime() < until) {
      LockSupport.parkNanos(Math.min(until - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
    }
  }

  /** Sessions opened so far, per server (for tests and curious users). */
  Map<String, Integer> sessionsByServer() {
    return Map.copyOf(sessionsByServer);
  }

  @Override
  public void close() {
    closed = true;
    threads.shutdownNow();
  }
}
