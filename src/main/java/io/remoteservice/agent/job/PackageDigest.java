package io.remoteservice.agent.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of a job package: SHA-256 over the sorted tree of relative paths, executable bits and
 * content hashes. Defined over {@link FileEntry} values so that the same digest can be computed from a
 * local directory and from a listing made on the server after upload ({@code sha256sum} and
 * {@code test -x} per file), which is how an upload is verified before anything runs.
 *
 * <p>Each entry contributes {@code path NUL (x|-) NUL sha256hex LF}, entries sorted by the UTF-8 bytes
 * of their path; paths are relative, with {@code /} separators.
 */
public final class PackageDigest {

  /** One regular file of a package. */
  public record FileEntry(String path, boolean executable, String sha256) {}

  private PackageDigest() {}

  public static String compute(Collection<FileEntry> entries) {
    List<FileEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(e -> e.path().getBytes(StandardCharsets.UTF_8), PackageDigest::compareBytes));
    MessageDigest sha = sha256();
    for (FileEntry e : sorted) {
      sha.update(e.path().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update((byte) (e.executable() ? 'x' : '-'));
      sha.update((byte) 0);
      sha.update(e.sha256().toLowerCase().getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) '\n');
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static int compareBytes(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b);
  }
}
