package io.remoteservice.agent.remote;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.remoteservice.agent.job.PackageDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run directories on a server: upload a package into one, list what is really there (to check the
 * digest before anything runs), and remove old ones.
 */
public class RunDirectories {

  private static final Logger log = LoggerFactory.getLogger(RunDirectories.class);
  private static final Duration SHORT = Duration.ofSeconds(60);

  private final DetachedRuns runs;

  public RunDirectories(DetachedRuns runs) {
    this.runs = runs;
  }

  /** What the server holds after an upload. */
  public record Upload(RunDir dir, List<PackageDigest.FileEntry> remoteEntries, String remoteDigest) {}

  /**
   * Makes {@code dir} afresh (an older, not started attempt is replaced) and uploads the files by SFTP
   * with mode 0755 or 0644, then lists and hashes them on the server. The caller compares
   * {@link Upload#remoteDigest()} with the approved digest, or calls {@link #requireDigest}.
   *
   * @throws RemoteException when a run was already started in {@code dir}: its files are not touched
   */
  public Upload upload(RemoteSession session, RunDir dir, Collection<UploadFile> files) {
    TreeSet<String> subdirectories = new TreeSet<>();
    TreeSet<String> seen = new TreeSet<>();
    for (UploadFile file : files) {
      if (!seen.add(file.relativePath())) {
        throw new IllegalArgumentException("upload to " + dir + ": " + file.relativePath()
            + " is given twice");
      }
      if (!Files.isRegularFile(file.localFile())) {
        throw new IllegalArgumentException("upload to " + dir + ": local file " + file.localFile()
            + " for " + file.relativePath() + " is not a regular file");
      }
      String path = file.relativePath();
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        subdirectories.add(path.substring(0, slash));
      }
    }
    ExecResult prepared = session.exec(Scripts.prepareRunDir(dir, subdirectories), SHORT);
    String answer = prepared.stdout().text();
    if (answer.contains("RSA-UPLOAD started")) {
      throw new RemoteException(session.target(), "run directory " + dir + " holds a run that was "
          + "already started; its files are not replaced. Ask for the run's status instead.");
    }
    if (!answer.contains("RSA-UPLOAD ready")) {
      throw new RemoteException(session.target(), "cannot create run directory " + dir + " (exit "
          + prepared.exitCode() + "): " + prepared.stderr().text().strip());
    }
    long started = System.nanoTime();
    long bytes = 0;
    ChannelSftp sftp = session.openSftp();
    try {
      for (UploadFile file : files) {
        String remote = dir.path() + "/" + file.relativePath();
        try (InputStream in = Files.newInputStream(file.localFile())) {
          sftp.put(in, remote, ChannelSftp.OVERWRITE);
        }
        sftp.chmod(file.executable() ? 0755 : 0644, remote);
        bytes += Files.size(file.localFile());
      }
    } catch (SftpException e) {
      throw new RemoteException(session.target(), "upload into " + dir + " failed: " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new RemoteException(session.target(), "upload into " + dir + " failed reading a local "
          + "file: " + e.getMessage(), e);
    } finally {
      sftp.disconnect();
    }
    log.info("ssh {}: uploaded {} files ({} bytes) into {} in {} ms", session.target(), files.size(),
        bytes, dir, (System.nanoTime() - started) / 1_000_000);
    List<PackageDigest.FileEntry> entries = list(session, dir);
    return new Upload(dir, entries, PackageDigest.compute(entries));
  }

  /**
   * The regular files in the run directory (without the agent's {@code .rsa/}), hashed on the server
   * with sha256sum, with their executable bit.
   *
   * @throws RemoteException when the directory holds anything that is neither a regular file nor a
   *                         directory (a symlink, a fifo): an upload never makes one
   */
  public List<PackageDigest.FileEntry> list(RemoteSession session, RunDir dir) {
    ExecResult result = session.exec(Scripts.listing(dir), SHORT);
    if (result.exitCode() != 0) {
      throw new RemoteException(session.target(), "cannot list " + dir + " (exit "
          + result.exitCode() + "): " + result.stderr().text().strip()
          + "; the agent needs find and sha256sum on the server");
    }
    if (result.stdout().truncated()) {
      throw new RemoteException(session.target(), "the listing of " + dir + " is larger than "
          + "the output limit; the package has too many files");
    }
    Scripts.Listing listing = Scripts.parseListing(result.stdout().keptBytes());
    if (!listing.others().isEmpty()) {
      throw new RemoteException(session.target(), "run directory " + dir + " holds entries that are "
          + "not regular files: " + listing.others());
    }
    return listing.files();
  }

  /**
   * Lists the run directory and fails unless its digest is {@code approvedDigest}: the check of
   * safety invariant 5, to be called after the upload and again before a start.
   */
  public List<PackageDigest.FileEntry> requireDigest(RemoteSession session, RunDir dir,
      String approvedDigest) {
    List<PackageDigest.FileEntry> entries = list(session, dir);
    String actual = PackageDigest.compute(entries);
    if (!actual.equals(approvedDigest)) {
      log.warn("ssh {}: digest of {} is {}, approved is {}", session.target(), dir, actual,
          approvedDigest);
      throw new DigestMismatchException(session.target(), dir, approvedDigest, actual,
          " (" + entries.size() + " files on the server)");
    }
    return entries;
  }

  /**
   * Starts {@code program} only if the run directory still holds exactly the approved package (safety
   * invariant 5). A run that was started before is not verified again (its program may have changed
   * files in the directory) and not started again.
   *
   * @throws DigestMismatchException when the files differ from the approved package; nothing starts
   */
  public DetachedRuns.StartResult verifyAndStart(RemoteSession session, RunDir dir,
      String approvedDigest, String program, Map<String, String> env) {
    if (runs.status(session, dir).state() != RunStatus.State.NOT_STARTED) {
      return DetachedRuns.StartResult.ALREADY_STARTED;
    }
    try {
      requireDigest(session, dir, approvedDigest);
    } catch (DigestMismatchException mismatch) {
      // Two starts of the same run at once (a retried job beside the first): the other one may have
      // claimed the run and its program already written into the directory between our two looks. That
      // is the same run, started once — not a changed package.
      if (runs.status(session, dir).state() != RunStatus.State.NOT_STARTED) {
        return DetachedRuns.StartResult.ALREADY_STARTED;
      }
      throw mismatch;
    }
    return runs.start(session, dir, program, env);
  }

  /**
   * Fails unless every file of the approved package is still in the run directory with its content and
   * executable bit; files that programs added beside them do not count. For a FailureRevert: its
   * AutoAction has written into the run directory (a journal, a backup), so the whole digest no longer
   * fits, but what runs must still be what was approved (safety invariant 5).
   *
   * @throws DigestMismatchException naming the files that are missing or differ
   */
  public void requirePackageFiles(RemoteSession session, RunDir dir,
      List<PackageDigest.FileEntry> approved) {
    StringBuilder script = new StringBuilder("cd -- " + Shell.quote(dir.path()) + " || exit 97\n"
        + "for f in");
    for (PackageDigest.FileEntry entry : approved) {
      UploadFile.requireRelative(entry.path());
      script.append(' ').append(Shell.quote("./" + entry.path()));
    }
    script.append("; do if [ -f \"$f\" ] && [ ! -L \"$f\" ]; then if [ -x \"$f\" ]; then x=x; else x=-; fi; "
        + "h=$(sha256sum < \"$f\") || exit 1; printf '%s %s %s\\0' \"$x\" \"${h%% *}\" \"$f\"; "
        + "else printf '? 0 %s\\0' \"$f\"; fi; done\n");
    ExecResult result = session.exec(script.toString(), SHORT);
    if (result.exitCode() != 0 || result.stdout().truncated()) {
      throw new RemoteException(session.target(), "cannot check the package files in " + dir
          + " (exit " + result.exitCode() + "): " + result.stderr().text().strip());
    }
    Scripts.Listing listing = Scripts.parseListing(result.stdout().keptBytes());
    java.util.Set<PackageDigest.FileEntry> found = new java.util.HashSet<>(listing.files());
    List<String> differing = new ArrayList<>(listing.others());
    for (PackageDigest.FileEntry entry : approved) {
      if (!found.contains(entry) && !differing.contains(entry.path())) {
        differing.add(entry.path());
      }
    }
    if (!differing.isEmpty()) {
      log.warn("ssh {}: package files in {} differ from the approved package: {}", session.target(),
          dir, differing);
      throw new DigestMismatchException(session.target(), dir, PackageDigest.compute(approved),
          "changed files " + differing, " (programs may add files to the run directory but must not "
          + "change the package's own files)");
    }
  }

  /**
   * Runs a short command in the run directory with {@code env} exported (a job's health check), in
   * /bin/sh, with a time limit after which its process group is killed ({@link RemoteTimeoutException}).
   */
  public ExecResult runIn(RemoteSession session, RunDir dir, Map<String, String> env, String command,
      Duration timeout) {
    return session.exec("cd -- " + Shell.quote(dir.path()) + " || exit 97\n" + Shell.exports(env)
        + command, timeout);
  }

  /**
   * Removes run directories under {@code runRoot} that the agent made (they carry its marker) and that
   * ended, or were never started, longer than {@code olderThan} ago by the server's clock. Running
   * runs are never removed; nor is anything without the marker.
   *
   * @return the run ids removed
   */
  public List<String> cleanup(RemoteSession session, String runRoot, Duration olderThan) {
    RunDir probe = new RunDir(runRoot, "x");
    String root = probe.runRoot();
    long now = serverNow(session);
    long limit = now - olderThan.toSeconds();
    List<String> candidates = new ArrayList<>();
    ChannelSftp sftp = session.openSftp();
    try {
      Vector<ChannelSftp.LsEntry> entries;
      try {
        entries = sftp.ls(root);
      } catch (SftpException e) {
        if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
          return List.of();
        }
        throw e;
      }
      for (ChannelSftp.LsEntry entry : entries) {
        String name = entry.getFilename();
        if (!entry.getAttrs().isDir() || !RunDir.RUN_ID.matcher(name).matches()) {
          continue;
        }
        String base = root + "/" + name + "/";
        SftpATTRS marker = statOrNull(sftp, base + Scripts.MARKER);
        if (marker == null || !marker.isReg()) {
          continue;
        }
        SftpATTRS exit = statOrNull(sftp, base + Scripts.STATE_DIR + "/exit");
        SftpATTRS claim = statOrNull(sftp, base + Scripts.STATE_DIR + "/started");
        long since = exit != null ? exit.getMTime() : claim != null ? claim.getMTime()
            : marker.getMTime();
        if (since < limit) {
          candidates.add(name);
        }
      }
    } catch (SftpException e) {
      throw new RemoteException(session.target(), "cannot list " + root + ": " + e.getMessage(), e);
    } finally {
      sftp.disconnect();
    }
    List<String> removed = new ArrayList<>();
    for (String name : candidates) {
      RunDir dir = new RunDir(root, name);
      RunStatus.State state = runs.status(session, dir).state();
      if (state == RunStatus.State.RUNNING
          || runs.status(session, dir, RunSlot.REVERT).state() == RunStatus.State.RUNNING) {
        continue;
      }
      ExecResult rm = session.exec("rm -rf -- " + Shell.quote(dir.path()), SHORT);
      if (rm.exitCode() == 0) {
        removed.add(name);
      } else {
        log.warn("ssh {}: could not remove old run directory {}: {}", session.target(), dir,
            rm.stderr().text().strip());
      }
    }
    if (!removed.isEmpty()) {
      log.info("ssh {}: removed {} run directories older than {} under {}", session.target(),
          removed.size(), olderThan, root);
    }
    return removed;
  }

  private static long serverNow(RemoteSession session) {
    ExecResult result = session.exec("date +%s", SHORT);
    try {
      return Long.parseLong(result.stdoutText());
    } catch (NumberFormatException e) {
      throw new RemoteException(session.target(), "the server's clock could not be read: "
          + RemoteSession.summary(result.stdout().text()));
    }
  }

  private static SftpATTRS statOrNull(ChannelSftp sftp, String path) throws SftpException {
    try {
      return sftp.lstat(path);
    } catch (SftpException e) {
      if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return null;
      }
      throw e;
    }
  }
}
