package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.job.PackageDigest.FileEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageDigestWalkTest {

  @TempDir
  Path tmp;

  private Path a;
  private Path b;

  /** The same tree written twice: different parents, creation order and modification times. */
  @BeforeEach
  void twoCopies() throws Exception {
    a = TestPackages.valid(tmp.resolve("a"), "job")
        .file("files/conf/portal.conf", "x=1\n")
        .file("files/z.txt", "z\n")
        .executable("files/bin/tool", "#!/bin/sh\n")
        .dir();
    TestPackages copy = TestPackages.empty(tmp.resolve("b"), "job")
        .executable("files/bin/tool", "#!/bin/sh\n")
        .file("files/z.txt", "z\n")
        .file("files/conf/portal.conf", "x=1\n")
        .executable("AutoAction.sh", "#!/bin/sh\necho hello\n")
        .file("job.yaml", TestPackages.MANIFEST.formatted("job"))
        .file("README.md", "# Test\nWhat, why, risk, duration, contact.\n");
    b = copy.dir();
    try (var files = Files.walk(b)) {
      for (Path f : files.toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
      }
    }
  }

  @Test
  void sameTreeSameDigest() throws Exception {
    JobPackage first = JobPackage.load(a);
    JobPackage second = JobPackage.load(b);

    assertThat(second.digest()).isEqualTo(first.digest()).startsWith("sha256:").hasSize(7 + 64);
    assertThat(second.fileEntries()).isEqualTo(first.fileEntries());
  }

  @Test
  void digestIsPackageDigestOfTheEntries() throws Exception {
    JobPackage pkg = JobPackage.load(a);
    String autoAction = "#!/bin/sh\necho hello\n";
    String sha = HexFormat.of().formatHex(PackageDigest.sha256().digest(autoAction.getBytes(StandardCharsets.UTF_8)));

    assertThat(pkg.fileEntries()).contains(new FileEntry("AutoAction.sh", true, sha));
    assertThat(pkg.fileEntries()).contains(new FileEntry("files/bin/tool", true,
        HexFormat.of().formatHex(PackageDigest.sha256().digest("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)))));
    assertThat(pkg.fileEntries()).filteredOn(e -> e.path().equals("README.md")).singleElement()
        .satisfies(e -> assertThat(e.executable()).isFalse());
    assertThat(pkg.fileEntries()).extracting(FileEntry::path).containsExactly(
        "AutoAction.sh", "README.md", "files/bin/tool", "files/conf/portal.conf", "files/z.txt", "job.yaml");
    assertThat(pkg.digest()).isEqualTo(PackageDigest.compute(pkg.fileEntries()));
  }

  @Test
  void executableBitChangesTheDigest() throws Exception {
    String before = JobPackage.load(b).digest();
    Files.setPosixFilePermissions(b.resolve("files/z.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr--r--"));

    assertThat(JobPackage.load(b).digest()).isNotEqualTo(before);
  }

  @Test
  void onlyTheOwnersExecuteBitCounts() throws Exception {
    String before = JobPackage.load(b).digest();
    Files.setPosixFilePermissions(b.resolve("files/z.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rwxrwx"));

    assertThat(JobPackage.load(b).digest()).as("group/other bits are not part of the digest, as in git")
        .isEqualTo(before);
  }

  @Test
  void contentChangesTheDigest() throws Exception {
    String before = JobPackage.load(b).digest();
    Files.writeString(b.resolve("files/conf/portal.conf"), "x=2\n");

    assertThat(JobPackage.load(b).digest()).isNotEqualTo(before);
  }

  @Test
  void renameChangesTheDigest() throws Exception {
    String before = JobPackage.load(b).digest();
    Files.move(b.resolve("files/z.txt"), b.resolve("files/y.txt"));

    assertThat(JobPackage.load(b).digest()).isNotEqualTo(before);
  }

  @Test
  void emptyDirectoriesAreNotPartOfAPackage() throws Exception {
    String before = JobPackage.load(b).digest();
    Files.createDirectories(b.resolve("files/empty"));

    assertThat(JobPackage.load(b).digest()).isEqualTo(before);
  }

  @Test
  void digestIsIndependentOfHowTheDirectoryIsNamedOnTheCommandLine() throws Exception {
    Path dotted = a.resolve("files").resolve("..");
    assertThat(JobPackage.load(dotted).digest()).isEqualTo(JobPackage.load(a).digest());
  }

  @Test
  void knownDigestOfAFixedTree() {
    // Pins the contract: a change to the walk's entries or to PackageDigest shows up here.
    String digest = PackageDigest.compute(List.of(
        new FileEntry("b", false, "00"), new FileEntry("a", true, "FF")));
    assertThat(digest).isEqualTo(PackageDigest.compute(List.of(
        new FileEntry("a", true, "ff"), new FileEntry("b", false, "00"))));
  }
}
