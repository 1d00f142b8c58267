package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.HttpBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * A user of a pool: an HTTP client that always connects from the same loopback source address, so that
 * HAProxy's {@code stick on src} keeps it on one server. Each {@link #request()} is a fresh connection.
 */
public final class StickyClient {

  private final String source;
  private final InetSocketAddress frontend;

  StickyClient(String source, InetSocketAddress frontend) {
    this.source = source;
    this.frontend = frontend;
  }

  /** The source address, which is the stick table key ({@code clear table B key <source>}). */
  public String source() {
    return source;
  }

  public InetSocketAddress frontend() {
    return frontend;
  }

  /**
   * The answer to one request.
   *
   * @param status   HTTP status (503: HAProxy had no server for it)
   * @param serverId the server that answered, or null when none did
   */
  public record Reply(int status, String serverId) {}

  /** One request; says who answered. */
  public Reply request() {
    try (Socket s = connect()) {
      send(s, "/");
      BufferedReader in = reader(s);
      Head head = readHead(in);
      return new Reply(head.status, head.serverId);
    } catch (IOException e) {
      throw new UncheckedIOException("request from " + source + " to " + frontend + " failed", e);
    }
  }

  /** The id of the server that answered one request; fails when no server did. */
  public String get() {
    Reply r = request();
    if (r.status() != 200 || r.serverId() == null) {
      throw new AssertionError("client " + source + " got HTTP " + r.status() + " from " + frontend
          + " (no server answered)");
    }
    return r.serverId();
  }

  /**
   * Opens a request that the server keeps answering until {@link HeldSession#close()}: while it is open,
   * HAProxy counts one current session (scur) on the server and its stick entry is in use.
   */
  public HeldSession hold() {
    String token = UUID.randomUUID().toString();
    Socket s = null;
    try {
      s = connect();
      send(s, "/hold/" + token);
      Head head = readHead(reader(s));
      if (head.status != 200 || head.serverId == null) {
        throw new AssertionError("client " + source + " could not hold a session: HTTP " + head.status);
      }
      return new HeldSession(s, token, head.serverId);
    } catch (IOException e) {
      closeQuietly(s);
      HttpBackend.release(token);
      throw new UncheckedIOException("hold from " + source + " to " + frontend + " failed", e);
    } catch (RuntimeException | Error e) {
      closeQuietly(s);
      HttpBackend.release(token);
      throw e;
    }
  }

  /** An open session on one server; closing it ends the session. */
  public static final class HeldSession implements AutoCloseable {
    private final Socket socket;
    private final String token;
    private final String serverId;

    private HeldSession(Socket socket, String token, String serverId) {
      this.socket = socket;
      this.token = token;
      this.serverId = serverId;
    }

    /** The server the session is on. */
    public String serverId() {
      return serverId;
    }

    @Override
    public void close() {
      closeQuietly(socket);
      HttpBackend.release(token);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(frontend, 5000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static void send(Socket s, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: fleet\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  private record Head(int status, String serverId) {}

  private static Head readHead(BufferedReader in) throws IOException {
    String statusLine = in.readLine();
    if (statusLine == null) {
      throw new IOException("connection closed before an HTTP answer");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    String serverId = null;
    String prefix = HttpBackend.SERVER_HEADER.toLowerCase(Locale.ROOT) + ":";
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        serverId = line.substring(prefix.length()).trim();
      }
    }
    return new Head(status, serverId);
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing is all that was asked
      }
    }
  }
}
