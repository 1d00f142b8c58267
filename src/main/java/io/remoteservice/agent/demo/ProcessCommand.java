package io.remoteservice.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request of the simulated fleet run as a real process, as OpenSSH runs it without a pty:
 * {@code SHELL -c COMMAND} (the user's login shell, as OpenSSH does) in its own session and process group (so {@code kill -TERM -- -$$} works), in
 * the server's home directory, with a login-like environment and {@code SSH_CONNECTION} naming the
 * server's own address. Closing the channel does not kill the process; it only loses its streams (its
 * next write to stdout fails), which is what a dropped connection does to a command on a real server.
 */
public final class ProcessCommand implements Command {

  static final Path SETSID = Path.of("/usr/bin/setsid");
  public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** What OpenSSH's {@code AcceptEnv LANG LC_* RSA_*} of the real sshd lets through. */
  private static final Pattern ACCEPTED_ENV = Pattern.compile("LANG|LC_[A-Z_]+|RSA_[A-Za-z0-9_]+");

  private final String command;
  private final String user;
  private final String shell;
  private final Path home;
  private final ExecutorService pumps;
  private final Consumer<Process> started;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  ProcessCommand(String command, String user, String shell, Path home, ExecutorService pumps, Consumer<Process> started) {
    this.command = command;
    this.user = user;
    this.shell = shell;
    this.home = home;
    this.pumps = pumps;
    this.started = started;
  }

  @Override
  public void setInputStream(InputStream value) {
    this.in = value;
  }

  @Override
  public void setOutputStream(OutputStream value) {
    this.out = value;
  }

  @Override
  public void setErrorStream(OutputStream value) {
    this.err = value;
  }

  @Override
  public void setExitCallback(ExitCallback value) {
    this.exit = value;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    InetSocketAddress local = (InetSocketAddress) channel.getSession().getIoSession().getLocalAddress();
    InetSocketAddress remote = (InetSocketAddress) channel.getSession().getIoSession().getRemoteAddress();
    // setsid execs in place (the child of the JVM is no group leader): $$ is the pid, the pgid and the sid.
    ProcessBuilder pb = new ProcessBuilder(SETSID.toString(), shell, "-c", command).directory(home.toFile());
    Map<String, String> e = pb.environment();
    e.clear();
    env.getEnv().forEach((k, v) -> {
      if (ACCEPTED_ENV.matcher(k).matches()) {
        e.put(k, v);
      }
    });
    e.put("HOME", home.toString());
    e.put("USER", user);
    e.put("LOGNAME", user);
    e.put("SHELL", shell);
    // As the real sshd's SetEnv: bash skips the interactive set-up of ~/.bashrc.
    e.put("SHLVL", "1");
    e.put("PATH", PATH);
    e.putIfAbsent("LANG", "C.UTF-8");
    String client = remote.getAddress().getHostAddress() + " " + remote.getPort();
    e.put("SSH_CLIENT", client + " " + local.getPort());
    e.put("SSH_CONNECTION", client + " " + local.getAddress().getHostAddress() + " " + local.getPort());
    Process p = pb.start();
    process = p;
    started.accept(p);
    CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> pump(p.getErrorStream(), err), pumps);
    pumps.execute(() -> feed(p));
    pumps.execute(() -> {
      pump(p.getInputStream(), out);
      int code;
      try {
        stderr.join();
        code = p.waitFor();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
      exit.onExit(code);
    });
  }

  /** Copies the process's output to the channel; when the channel is gone, the process loses the pipe. */
  private static void pump(InputStream from, OutputStream to) {
    byte[] buf = new byte[8192];
    try (from) {
      int n;
      while ((n = from.read(buf)) >= 0) {
        try {
          to.write(buf, 0, n);
          to.flush();
        } catch (IOException channelGone) {
          return;
        }
      }
    } catch (IOException e) {
      // the process side closed: nothing more to copy
    }
  }

  /** Copies the channel's input to the process's stdin; EOF on the channel closes it. */
  private void feed(Process p) {
    byte[] buf = new byte[8192];
    try (OutputStream stdin = p.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        stdin.write(buf, 0, n);
        stdin.flush();
      }
    } catch (IOException e) {
      // the channel closed or the process stopped reading
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process p = process;
    if (p != null && p.isAlive()) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
