package io.remoteservice.agent.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small job packages into temporary directories. */
final class TestPackages {

  static final String MANIFEST = """
      id: %s
      version: 3
      title: A test job
      timeouts: { autoAction: PT10M, failureRevert: PT5M }
      parameters: { portal_config: /etc/portal/portal.conf }
      """;

  private final Path dir;

  private TestPackages(Path dir) {
    this.dir = dir;
  }

  /** A valid package named {@code id} under {@code parent}: README, manifest, AutoAction.sh. */
  static TestPackages valid(Path parent, String id) {
    TestPackages p = new TestPackages(parent.resolve(id));
    p.file("README.md", "# Test\nWhat, why, risk, duration, contact.\n");
    p.file("job.yaml", MANIFEST.formatted(id));
    p.executable("AutoAction.sh", "#!/bin/sh\necho hello\n");
    return p;
  }

  static TestPackages empty(Path parent, String id) {
    TestPackages p = new TestPackages(parent.resolve(id));
    try {
      Files.createDirectories(p.dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  Path dir() {
    return dir;
  }

  TestPackages file(String path, String content) {
    try {
      Path f = dir.resolve(path);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestPackages executable(String path, String content) {
    file(path, content);
    return chmod(path, "rwxr-xr-x");
  }

  TestPackages chmod(String path, String perms) {
    try {
      Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString(perms));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestPackages delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestPackages symlink(String path, String target) {
    try {
      Path link = dir.resolve(path);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JobPackage load() throws Exception {
    return JobPackage.load(dir);
  }

  /** The problems of a package that must be invalid. */
  java.util.List<Problem> problems() throws Exception {
    return problems(JobPackage.Limits.DEFAULT);
  }

  java.util.List<Problem> problems(JobPackage.Limits limits) throws Exception {
    try {
      JobPackage.load(dir, limits);
    } catch (InvalidJobPackageException e) {
      return e.problems();
    }
    throw new AssertionError("package " + dir + " was accepted, but it is invalid");
  }
}
