package io.remoteservice.agent.remote;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs that run on a server without the agent's connection: started in their own process group
 * ({@code setsid}) in the run directory, their output, exit code and times written to files under
 * {@code RUNDIR/.rsa/}. The run directory (its run id) is fixed before anything starts, so after a
 * lost connection or an agent restart {@link #status} finds the run, and {@link #start} does not start
 * it a second time.
 *
 * <p>Files under {@code RUNDIR/.rsa/}: {@code run} (the agent's marker), {@code started/} (the claim;
 * its {@code mkdir} is atomic), {@code launch} (the launcher script), {@code claim-time},
 * {@code start-time}, {@code end-time} (epoch seconds), {@code pgid}, {@code boot} (the kernel's boot
 * id), {@code stdout}, {@code stderr}, {@code exit} (written last), {@code killed} (the signal, when
 * the agent killed the run).
 */
public class DetachedRuns {

  private static final Logger log = LoggerFactory.getLogger(DetachedRuns.class);
  private static final Duration SHORT = Duration.ofSeconds(30);
  /** A launcher that has not recorded its pgid this long after the claim never ran. */
  private static final long STARTING_GRACE_SECONDS = 60;
  private static final int KILL_GRACE_SECONDS = 5;

  /** What {@link #start} did. */
  public enum StartResult {
    /** The program was started now. */
    STARTED,
    /** A run had been started in this directory before; nothing was started. */
    ALREADY_STARTED
  }

  /**
   * Starts {@code program} (a path relative to the run directory, normally uploaded there) and returns
   * at once. The program runs with {@code env} added to its environment, stdin empty, in its own
   * process group. If it is not executable, {@code .sh} runs with /bin/sh, {@code .py} with python3,
   * {@code .pl} with perl.
   *
   * @return {@link StartResult#ALREADY_STARTED} when a run was started in this directory before
   */
  public StartResult start(RemoteSession session, RunDir dir, String program, Map<String, String> env) {
    return start(session, dir, RunSlot.MAIN, program, env);
  }

  /**
   * {@link #start(RemoteSession, RunDir, String, Map)} in one slot of the run directory: the
   * FailureRevert runs in the directory of its AutoAction with a claim, output and exit code of its own.
   */
  public StartResult start(RemoteSession session, RunDir dir, RunSlot slot, String program,
      Map<String, String> env) {
    ExecResult result = session.exec(Scripts.start(dir, slot, program, env), SHORT);
    String answer = Scripts.parseTagged("RSA-START", result.stdout().text()).keySet().stream()
        .findFirst().orElse("");
    switch (answer) {
      case "started" -> {
        log.info("ssh {}: started {} in {}", session.target(), program, dir);
        return StartResult.STARTED;
      }
      case "already" -> {
        log.info("ssh {}: run {} was started before; not starting it again", session.target(), dir);
        return StartResult.ALREADY_STARTED;
      }
      case "no-run-directory" -> throw new RemoteException(session.target(), "run directory " + dir
          + " does not exist or was not made by the agent: upload the package first");
      case "no-program" -> throw new RemoteException(session.target(), "run directory " + dir
          + " has no program " + program + "; nothing was started");
      case "no-state-directory" -> throw new RemoteException(session.target(), "cannot create "
          + slot.stateDir() + " in run directory " + dir + "; nothing was started");
      case "no-setsid" -> throw new RemoteException(session.target(), "the server has no setsid "
          + "command (util-linux); the agent needs it to run programs in their own process group");
      default -> throw new RemoteException(session.target(), "unexpected answer to the start of "
          + dir + ": exit " + result.exitCode() + ", " + result.stderr().text());
    }
  }

  /** Whether the run is going, has ended (with exit code and bounded output) or was never started. */
  public RunStatus status(RemoteSession session, RunDir dir) {
    return status(session, dir, RunSlot.MAIN);
  }

  /** The status of the run in one slot of the run directory. */
  public RunStatus status(RemoteSession session, RunDir dir, RunSlot slot) {
    ExecResult result = session.exec(Scripts.status(dir, slot), SHORT);
    RunStatus status;
    try {
      status = interpret(Scripts.parseTagged("RSA-STATUS", result.stdout().text()));
    } catch (IllegalArgumentException e) {
      throw new RemoteException(session.target(), "status of run " + dir + ": " + e.getMessage(), e);
    }
    if (status.state() == RunStatus.State.ENDED || status.state() == RunStatus.State.LOST) {
      return withOutput(session, dir, slot, status);
    }
    return status;
  }

  /** The status line's meaning, without output. */
  static RunStatus interpret(Map<String, String> values) {
    String state = values.getOrDefault("state", "");
    Instant started = epoch(values.get("start"));
    Instant ended = epoch(values.get("end"));
    boolean killed = "yes".equals(values.get("killed"));
    CapturedOutput none = CapturedOutput.EMPTY;
    switch (state) {
      case "not-started" -> {
        return RunStatus.notStarted();
      }
      case "running" -> {
        return new RunStatus(RunStatus.State.RUNNING, null, started, null, false, none, none);
      }
      case "starting" -> {
        Long claimed = number(values.get("claimed"));
        Long now = number(values.get("now"));
        boolean stuck = claimed != null && now != null && now - claimed >= STARTING_GRACE_SECONDS;
        return new RunStatus(stuck ? RunStatus.State.LOST : RunStatus.State.RUNNING, null, started,
            null, false, none, none);
      }
      case "ended" -> {
        Long exit = number(values.get("exit"));
        if (exit == null) {
          throw new IllegalArgumentException("unreadable exit code '" + values.get("exit") + "'");
        }
        return new RunStatus(RunStatus.State.ENDED, exit.intValue(), started, ended, killed, none,
            none);
      }
      case "lost" -> {
        return new RunStatus(RunStatus.State.LOST, null, started, ended, killed, none, none);
      }
      default -> throw new IllegalArgumentException("unexpected status answer " + values);
    }
  }

  /** What {@link #kill} found. */
  public enum KillResult {
    /** The process group is gone (or there was none to kill); the run is ENDED with killed set. */
    NO_PROCESS_LEFT,
    /** The run was never started. */
    NOT_STARTED,
    /**
     * The run had ended by itself before; nothing was signalled (its process group id may belong to
     * someone else by now).
     */
    ALREADY_ENDED,
    /** Processes of the group are still there after TERM and KILL. */
    PROCESSES_LEFT
  }

  /**
   * Kills the run's whole process group: TERM, a few seconds' grace, then KILL, and checks that no
   * process of the group is left. Programs that left the group on purpose ({@code setsid} of their
   * own) are not found.
   */
  public KillResult kill(RemoteSession session, RunDir dir) {
    return kill(session, dir, RunSlot.MAIN);
  }

  /** Kills the run of one slot; the other slot's run is not touched. */
  public KillResult kill(RemoteSession session, RunDir dir, RunSlot slot) {
    ExecResult result = session.exec(Scripts.kill(dir, slot, KILL_GRACE_SECONDS), SHORT);
    String text = result.stdout().text();
    if (text.contains(Scripts.KILL_GONE) || text.contains("RSA-KILL no-group")) {
      log.info("ssh {}: killed run {}; no process left", session.target(), dir);
      return KillResult.NO_PROCESS_LEFT;
    }
    if (text.contains("RSA-KILL ended")) {
      return KillResult.ALREADY_ENDED;
    }
    if (text.contains("RSA-KILL not-started")) {
      return KillResult.NOT_STARTED;
    }
    log.warn("ssh {}: processes of run {} survived TERM and KILL", session.target(), dir);
    return KillResult.PROCESSES_LEFT;
  }

  private static RunStatus withOutput(RemoteSession session, RunDir dir, RunSlot slot,
      RunStatus status) {
    ChannelSftp sftp = session.openSftp();
    try {
      String base = dir.path() + "/" + slot.stateDir() + "/";
      CapturedOutput out = readBounded(sftp, base + "stdout", session.outputLimit());
      CapturedOutput err = readBounded(sftp, base + "stderr", session.outputLimit());
      return new RunStatus(status.state(), status.exitCode(), status.startedAt(), status.endedAt(),
          status.killed(), out, err);
    } catch (SftpException | IOException e) {
      throw new RemoteException(session.target(), "cannot read the output of run " + dir + ": "
          + e.getMessage(), e);
    } finally {
      sftp.disconnect();
    }
  }

  /** Reads the head and the tail of a remote file, never more than the limit. */
  static CapturedOutput readBounded(ChannelSftp sftp, String path, OutputLimit limit)
      throws SftpException, IOException {
    SftpATTRS attrs;
    try {
      attrs = sftp.stat(path);
    } catch (SftpException e) {
      if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return CapturedOutput.EMPTY;
      }
      throw e;
    }
    long size = attrs.getSize();
    if (size <= (long) limit.headBytes() + limit.tailBytes()) {
      byte[] all = read(sftp, path, 0, (int) size);
      return CapturedOutput.of(all);
    }
    byte[] head = read(sftp, path, 0, limit.headBytes());
    byte[] tail = read(sftp, path, size - limit.tailBytes(), limit.tailBytes());
    return new CapturedOutput(head, tail, size);
  }

  private static byte[] read(ChannelSftp sftp, String path, long skip, int length)
      throws SftpException, IOException {
    if (length == 0) {
      return new byte[0];
    }
    try (InputStream in = sftp.get(path, null, skip)) {
      // The file may have grown since stat (a LOST run's leftovers): read no more than asked.
      return in.readNBytes(length);
    }
  }

  private static Instant epoch(String seconds) {
    Long value = number(seconds);
    return value == null ? null : Instant.ofEpochSecond(value);
  }

  private static Long number(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
