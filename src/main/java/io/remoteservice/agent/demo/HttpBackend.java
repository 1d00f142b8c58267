package io.remoteservice.agent.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small web service of one simulated server behind HAProxy (the JDK's HttpServer on the server's own address).
 * Every answer carries the server id in the body and in {@code X-Server-Id}. {@code /health} is what
 * HAProxy checks ({@link #healthy(boolean) false} makes it answer 503, so HAProxy marks the server DOWN);
 * {@code /hold/TOKEN} answers the headers and then keeps the response open until the token is released,
 * so that HAProxy counts a current session on the server.
 */
public final class HttpBackend implements AutoCloseable {

  public static final String SERVER_HEADER = "X-Server-Id";
  private static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();

  private final String serverId;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final AtomicLong requests = new AtomicLong();

  public HttpBackend(String serverId, String address) {
    this.serverId = serverId;
    try {
      server = HttpServer.create(new InetSocketAddress(address, 0), 100);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP backend of " + serverId + " on " + address, e);
    }
    // The default executor is the single dispatcher thread: one held response would block health checks.
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sim-http-" + serverId);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/health", this::health);
    server.createContext("/hold/", this::hold);
    server.createContext("/", this::hello);
    server.start();
  }

  private void health(HttpExchange ex) throws IOException {
    answer(ex, healthy.get() ? 200 : 503, serverId + "\n");
  }

  private void hello(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    answer(ex, 200, serverId + "\n");
  }

  private void hold(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String token = ex.getRequestURI().getPath().substring("/hold/".length());
    CountDownLatch release = HOLDS.computeIfAbsent(token, k -> new CountDownLatch(1));
    try (ex) {
      ex.getResponseHeaders().set(SERVER_HEADER, serverId);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, 0);
      OutputStream body = ex.getResponseBody();
      body.write((serverId + "\n").getBytes(StandardCharsets.UTF_8));
      body.flush();
      // Bounded, so that a test that forgets to release cannot keep a thread forever.
      release.await(10, TimeUnit.MINUTES);
      body.write("released\n".getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away first: nothing to answer
    } finally {
      HOLDS.remove(token);
    }
  }

  private void answer(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (ex) {
      ex.getResponseHeaders().set(SERVER_HEADER, serverId);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  public static void release(String token) {
    // Left in the map when the handler has not started yet: it then finds it released.
    HOLDS.computeIfAbsent(token, k -> new CountDownLatch(1)).countDown();
  }

  public String serverId() {
    return serverId;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Whether {@code /health} answers 200 (true, the start state) or 503, which HAProxy sees as DOWN. */
  public void healthy(boolean value) {
    healthy.set(value);
  }

  public boolean isHealthy() {
    return healthy.get();
  }

  /** Requests served apart from health checks. */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
