package io.remoteservice.agent.job;

import io.remoteservice.agent.job.PackageDigest.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Walks a package directory into the entries its digest is made of, and finds what must not be in a
 * package.
 *
 * <p>Symbolic links are rejected, also those that stay inside the package: git on Windows checks them
 * out as small text files, an SFTP upload would copy their target, and either way the digest would
 * depend on the machine. A link that points outside the package is reported as escaping it. Only
 * regular files count; empty directories are not part of a package. The executable bit is the owner's
 * execute bit, as git records it; on file systems without POSIX permissions it is false.
 */
final class PackageFiles {

  private static final long MIB = 1024L * 1024L;

  private PackageFiles() {}

  /** A regular file of the package with its size. */
  record Entry(FileEntry digestEntry, long size) {
    String path() {
      return digestEntry.path();
    }
  }

  static List<Entry> walk(Path root, JobPackage.Limits limits, List<Problem> problems) throws IOException {
    Path realRoot = root.toRealPath();
    List<Entry> entries = new ArrayList<>();
    long[] total = {0};
    boolean[] totalReported = {false};
    Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(realRoot) && !checkName(relative(realRoot, dir), problems)) {
          return FileVisitResult.SKIP_SUBTREE; // one problem for the directory, not one per file in it
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = relative(realRoot, file);
        if (!checkName(rel, problems)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          symlink(realRoot, file, rel, problems);
          return FileVisitResult.CONTINUE;
        }
        if (!attrs.isRegularFile()) {
          problems.add(Problem.of(rel, "", "is not a regular file (a device, pipe or socket); remove it"));
          return FileVisitResult.CONTINUE;
        }
        long size = attrs.size();
        total[0] += size;
        // Files past a limit are listed unhashed, so that the rest of the validation still sees them
        // (an oversized AutoAction is not also reported as missing); the package is invalid anyway.
        boolean hash = true;
        if (size > limits.maxFileBytes()) {
          problems.add(Problem.of(rel, "", "is " + size(size) + "; a file may have at most "
              + size(limits.maxFileBytes()) + " — keep large payloads out of job packages"));
          hash = false;
        } else if (total[0] > limits.maxTotalBytes()) {
          if (!totalReported[0]) {
            totalReported[0] = true;
            problems.add(Problem.of("", "", "the files add up to more than " + size(limits.maxTotalBytes())
                + ", the limit for a whole package (reached at " + rel + ")"));
          }
          hash = false;
        }
        if (entries.size() == limits.maxFiles()) {
          problems.add(Problem.of("", "", "has more than " + limits.maxFiles() + " files (reached at " + rel + ")"));
        }
        if (entries.size() >= limits.maxFiles()) {
          hash = false;
        }
        entries.add(new Entry(new FileEntry(rel, ownerExecutable(file), hash ? sha256(file) : ""), size));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        throw e;
      }
    });
    entries.sort((a, b) -> java.util.Arrays.compareUnsigned(
        a.path().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.path().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return entries;
  }

  private static void symlink(Path realRoot, Path link, String rel, List<Problem> problems) throws IOException {
    Path target = Files.readSymbolicLink(link);
    boolean inside;
    try {
      inside = link.toRealPath().startsWith(realRoot);
    } catch (NoSuchFileException dangling) {
      inside = link.getParent().resolve(target).normalize().startsWith(realRoot);
    }
    if (inside) {
      problems.add(Problem.of(rel, "", "is a symbolic link (to " + target + "); links are not allowed in a"
          + " package, because the digest must be the same on every checkout — put a copy of the file here"));
    } else {
      problems.add(Problem.of(rel, "", "is a symbolic link to " + target + ", which escapes the package;"
          + " a package may only contain its own files — copy what it needs into files/"));
    }
  }

  /** Names must survive a listing made on the server line by line, and Windows checkouts. */
  private static boolean checkName(String rel, List<Problem> problems) {
    for (int i = 0; i < rel.length(); i++) {
      char c = rel.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        problems.add(Problem.of(rel.replaceAll("[\\p{Cntrl}]", "?"), "",
            "the name contains a control character or a backslash; rename it"));
        return false;
      }
    }
    return true;
  }

  private static boolean ownerExecutable(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
          .contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException noPosix) {
      return false;
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha = PackageDigest.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String relative(Path root, Path p) {
    StringBuilder s = new StringBuilder();
    for (Path part : root.relativize(p)) {
      if (!s.isEmpty()) {
        s.append('/');
      }
      s.append(part);
    }
    return s.toString();
  }

  static String size(long bytes) {
    if (bytes < MIB) {
      return bytes + " bytes";
    }
    if (bytes % MIB == 0) {
      return bytes / MIB + " MiB";
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
  }
}
