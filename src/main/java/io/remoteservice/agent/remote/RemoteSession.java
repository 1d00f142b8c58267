package io.remoteservice.agent.remote;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated SSH connection to one server. Commands run one channel each; several may run at
 * once (a kill goes over a second channel while the first command still runs).
 *
 * <p>Commands run without a pty, so closing their channel does not stop them (FACTS.md): on a time
 * limit the command's process group is killed over a second channel. For that the wrapper prints the
 * shell's pid first; without a pty sshd makes that shell a session and process group leader.
 */
public class RemoteSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RemoteSession.class);
  private static final Duration KILL_LIMIT = Duration.ofSeconds(30);
  private static final int KILL_GRACE_SECONDS = 2;

  private static final Duration SETTLE = Duration.ofMillis(500);

  private final Session session;
  private final SshSettings settings;
  private final OutputLimit outputLimit;
  /** Set before this side disconnects, so that a command that loses its channel to close() knows why. */
  private volatile boolean closing;

  RemoteSession(Session session, SshSettings settings, OutputLimit outputLimit) {
    this.session = session;
    this.settings = settings;
    this.outputLimit = outputLimit;
  }

  public SshSettings settings() {
    return settings;
  }

  public String target() {
    return settings.target();
  }

  public OutputLimit outputLimit() {
    return outputLimit;
  }

  public boolean isConnected() {
    return session.isConnected();
  }

  /** Runs a POSIX sh command with the settings' command time limit. */
  public ExecResult exec(String command) {
    return exec(command, settings.commandTimeout());
  }

  /**
   * Runs {@code command} in {@code /bin/sh} (whatever the login shell is), stdin empty. When the time
   * limit runs out, the command's whole process group is killed (TERM, then KILL) and a
   * {@link RemoteTimeoutException} carries what it printed until then.
   */
  public ExecResult exec(String command, Duration timeout) {
    String wrapped = "echo \"" + PidLineFilter.MARKER + "$$\"; exec " + Shell.sh(command);
    return run(wrapped, command, timeout, true);
  }

  /**
   * Runs a command as it is, in the login shell, without the wrapper: for the platform probe, before
   * it is known whether the server has a POSIX shell at all. On a time limit only the channel is closed.
   */
  public ExecResult execRaw(String command, Duration timeout) {
    return run(command, command, timeout, false);
  }

  private ExecResult run(String remoteCommand, String shownCommand, Duration timeout,
      boolean killable) {
    long started = System.nanoTime();
    ChannelExec channel = (ChannelExec) openChannel("exec");
    BoundedCapture out = new BoundedCapture(outputLimit);
    BoundedCapture err = new BoundedCapture(outputLimit);
    PidLineFilter pidFilter = killable ? new PidLineFilter(out) : null;
    channel.setCommand(remoteCommand.getBytes(StandardCharsets.UTF_8));
    channel.setInputStream(new ByteArrayInputStream(new byte[0]));
    channel.setOutputStream(killable ? pidFilter : out);
    channel.setErrStream(err);
    connect(channel, "exec");
    try {
      long deadline = started + timeout.toNanos();
      long pause = 1;
      while (!channel.isClosed()) {
        if (System.nanoTime() - deadline >= 0) {
          return timedOut(channel, shownCommand, timeout, started, out, err, pidFilter);
        }
        if (!session.isConnected()) {
          break;
        }
        sleep(pause);
        // JSch itself sleeps in 10 ms steps; polling faster than that only costs CPU.
        pause = Math.min(pause * 2, 50);
      }
      int exit = channel.getExitStatus();
      if (exit == -1 && lost()) {
        throw new ConnectionLostException(target(), "the command [" + summary(shownCommand) + "]",
            null);
      }
      ExecResult result = new ExecResult(exit, out.result(), err.result(), elapsed(started));
      if (log.isDebugEnabled()) {
        log.debug("ssh {}: exit {} after {} ms, {} + {} bytes of output", target(), exit,
            result.elapsed().toMillis(), result.stdout().totalBytes(), result.stderr().totalBytes());
      }
      return result;
    } finally {
      channel.disconnect();
    }
  }

  private ExecResult timedOut(ChannelExec channel, String shownCommand, Duration timeout,
      long started, BoundedCapture out, BoundedCapture err, PidLineFilter pidFilter) {
    boolean killed = false;
    long pid = pidFilter == null ? -1 : pidFilter.pid();
    if (pid > 1 && session.isConnected()) {
      try {
        killed = killProcessGroup(pid);
      } catch (RemoteException e) {
        log.warn("ssh {}: could not kill process group {} of a timed-out command: {}", target(), pid,
            e.getMessage());
      }
    }
    channel.disconnect();
    ExecResult partial = new ExecResult(-1, out.result(), err.result(), elapsed(started));
    log.warn("ssh {}: command [{}] stopped at its time limit of {} ms (process group {} {})",
        target(), summary(shownCommand), timeout.toMillis(), pid, killed ? "killed" : "NOT confirmed killed");
    throw RemoteTimeoutException.command(target(), timeout, summary(shownCommand), partial, killed);
  }

  /**
   * Kills process group {@code pgid}: TERM, a grace period, then KILL; true when no process of the
   * group is left.
   */
  boolean killProcessGroup(long pgid) {
    ExecResult result = execRaw(Shell.sh(Scripts.killGroup(Long.toString(pgid), KILL_GRACE_SECONDS)),
        KILL_LIMIT);
    return result.stdoutText().contains(Scripts.KILL_GONE);
  }

  /** An SFTP channel, connected; the caller disconnects it. */
  ChannelSftp openSftp() {
    ChannelSftp sftp = (ChannelSftp) openChannel("sftp");
    connect(sftp, "SFTP");
    return sftp;
  }

  private Channel openChannel(String type) {
    try {
      return session.openChannel(type);
    } catch (JSchException e) {
      throw new ConnectionLostException(target(), "opening a " + type + " channel", e);
    }
  }

  private void connect(Channel channel, String what) {
    long started = System.nanoTime();
    try {
      channel.connect((int) settings.channelTimeout().toMillis());
    } catch (JSchException e) {
      channel.disconnect();
      if (!session.isConnected()) {
        throw new ConnectionLostException(target(), "opening a " + what + " channel", e);
      }
      if (elapsed(started).compareTo(settings.channelTimeout()) >= 0) {
        throw new RemoteTimeoutException(target(), RemoteTimeoutException.Phase.CHANNEL_OPEN,
            settings.channelTimeout(), e);
      }
      throw new RemoteException(target(), "the server refused to open a " + what + " channel ("
          + e.getMessage() + "); sshd's MaxSessions may be too low", e);
    }
  }

  /**
   * Whether the connection is gone, for a channel that closed without an exit status. JSch closes the
   * channels of a dropped or closed session before it marks the session disconnected, so a session that
   * still looks connected gets a moment to show its real state; a command killed by a signal (also no
   * exit status) on a healthy connection costs that moment once.
   */
  private boolean lost() {
    long until = System.nanoTime() + SETTLE.toNanos();
    long pause = 1;
    while (!closing && session.isConnected()) {
      if (System.nanoTime() - until >= 0) {
        return false;
      }
      sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
    return true;
  }

  @Override
  public void close() {
    closing = true;
    session.disconnect();
  }

  static String summary(String command) {
    String firstLine = command.strip().lines().findFirst().orElse("");
    return firstLine.length() > 80 ? firstLine.substring(0, 80) + "..." : firstLine;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a remote command", e);
    }
  }
}
