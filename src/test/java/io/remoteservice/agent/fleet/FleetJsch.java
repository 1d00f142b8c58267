package io.remoteservice.agent.fleet;

import static org.awaitility.Awaitility.await;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A JSch client for the fleet's servers as the product logs in: the fleet's ed25519 key, strict host keys
 * against the site's known_hosts, TCP_NODELAY, a key exchange Java 17 has (JSch 2.28 offers ML-KEM first).
 * One instance may be used from many threads.
 */
public final class FleetJsch {

  static final String KEX = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";

  private final JSch jsch = new JSch();
  private final SshAccess access;

  public FleetJsch(SshAccess access) {
    this.access = access;
    try {
      jsch.setKnownHosts(access.knownHosts().toString());
      jsch.addIdentity(access.identity().toString());
    } catch (JSchException e) {
      throw new IllegalStateException("JSch cannot read " + access.knownHosts() + " or " + access.identity(), e);
    }
  }

  /** A connected session (strict host keys); connect and banner wait at most {@code timeout}. */
  public Session connect(String host, Duration timeout) throws JSchException {
    Session s = jsch.getSession(access.user(), host, access.port());
    s.setConfig("StrictHostKeyChecking", "yes");
    s.setConfig("PreferredAuthentications", "publickey");
    s.setConfig("kex", KEX);
    int millis = (int) timeout.toMillis();
    s.setSocketFactory(new NoDelaySockets(millis));
    s.connect(millis);
    return s;
  }

  /** Connects, runs one command, disconnects. */
  public ExecResult exec(String host, String command) {
    long t0 = System.nanoTime();
    Session s;
    try {
      s = connect(host, Duration.ofSeconds(20));
    } catch (JSchException e) {
      throw new IllegalStateException("cannot log in to " + host + ":" + access.port() + ": " + e.getMessage(), e);
    }
    try {
      ExecResult r = exec(s, command, null, Duration.ofSeconds(60));
      return new ExecResult(r.exitCode(), r.stdout(), r.stderr(), Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      s.disconnect();
    }
  }

  /**
   * Runs a command on a session: output until EOF, then the exit status (-1 if the channel closed
   * without one). {@code stdin} (may be null) is sent and closed.
   */
  public static ExecResult exec(Session session, String command, byte[] stdin, Duration timeout) {
    long t0 = System.nanoTime();
    ChannelExec ch = null;
    try {
      ch = (ChannelExec) session.openChannel("exec");
      ch.setCommand(command);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ch.setErrStream(err);
      InputStream out = ch.getInputStream();
      OutputStream in = stdin == null ? null : ch.getOutputStream();
      ch.connect((int) timeout.toMillis());
      if (in != null) {
        in.write(stdin);
        in.flush();
        in.close();
      }
      byte[] stdout = out.readAllBytes();
      ChannelExec channel = ch;
      await("exit of '" + command + "'").atMost(timeout).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(5)).until(channel::isClosed);
      return new ExecResult(ch.getExitStatus(), new String(stdout, StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
    } catch (JSchException | IOException e) {
      throw new IllegalStateException("exec '" + command + "' on " + session.getHost() + " failed: "
          + e.getMessage(), e);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  /** TCP_NODELAY: Nagle plus delayed ACKs cost ~40 ms per request (FACTS.md). */
  private record NoDelaySockets(int connectMillis) implements SocketFactory {
    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), connectMillis);
      return s;
    }

    @Override
    public InputStream getInputStream(Socket socket) throws IOException {
      return socket.getInputStream();
    }

    @Override
    public OutputStream getOutputStream(Socket socket) throws IOException {
      return socket.getOutputStream();
    }
  }
}
