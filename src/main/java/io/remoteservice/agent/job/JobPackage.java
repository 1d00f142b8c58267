package io.remoteservice.agent.job;

import io.remoteservice.agent.job.PackageDigest.FileEntry;
import io.remoteservice.agent.remote.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A validated job package: its manifest, its files and their digest, and its AutoAction and
 * FailureRevert variants. Only {@link #load} makes one, and it refuses a package with any problem.
 */
public final class JobPackage {

  public static final String README = "README.md";
  public static final String MANIFEST = ManifestReader.FILE;
  private static final int MAX_MANIFEST_BYTES = 1024 * 1024;

  /**
   * Size limits; a package is a maintenance program with its payload, not a software depot.
   *
   * @param maxFileBytes  the largest single file
   * @param maxTotalBytes all files together
   * @param maxFiles      the number of files
   */
  public record Limits(long maxFileBytes, long maxTotalBytes, int maxFiles) {
    public static final Limits DEFAULT = new Limits(64L << 20, 256L << 20, 10_000);
  }

  /** One line of the variant table: which file serves which variant. */
  public record VariantRow(ScriptKind kind, String variant, String fileName) {}

  private final Path directory;
  private final Manifest manifest;
  private final List<PackageFiles.Entry> files;
  private final String digest;
  private final Map<ScriptKind, Map<String, Script>> scripts;

  private JobPackage(Path directory, Manifest manifest, List<PackageFiles.Entry> files,
      Map<ScriptKind, Map<String, Script>> scripts) {
    this.directory = directory;
    this.manifest = manifest;
    this.files = List.copyOf(files);
    this.digest = PackageDigest.compute(fileEntries());
    this.scripts = scripts;
  }

  public static JobPackage load(Path directory) throws IOException, InvalidJobPackageException {
    return load(directory, Limits.DEFAULT);
  }

  /**
   * Reads and validates a package.
   *
   * @throws InvalidJobPackageException with every problem found, when the package must not run
   * @throws IOException when the directory does not exist or a file cannot be read
   */
  public static JobPackage load(Path directory, Limits limits) throws IOException, InvalidJobPackageException {
    if (!Files.exists(directory)) {
      throw new NoSuchFileException(directory.toString(), null, "no such job package directory");
    }
    if (!Files.isDirectory(directory)) {
      throw new NotDirectoryException(directory.toString());
    }
    Path absolute = directory.toAbsolutePath().normalize();
    String directoryName = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
    List<Problem> problems = new ArrayList<>();
    List<PackageFiles.Entry> files = PackageFiles.walk(directory, limits, problems);

    Path readme = directory.resolve(README);
    if (!Files.exists(readme, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(Problem.of(README, "", "is missing; every package needs a README.md that says what the"
          + " job does, why, its risk, how long it takes and whom to contact (approvers and customers read it)"));
    } else if (Files.isDirectory(readme, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(Problem.of(README, "", "is a directory; it must be a file"));
    } else if (Files.isRegularFile(readme, LinkOption.NOFOLLOW_LINKS) && Files.size(readme) == 0) {
      problems.add(Problem.of(README, "", "is empty; say what, why, risk, duration and contact"));
    }

    Manifest manifest = null;
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(Problem.of(MANIFEST, "", "is missing; every package needs a job.yaml manifest (id, version,"
          + " title, timeouts)"));
    } else if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      // a link or a directory; the walk has said what is wrong with it
      if (Files.isDirectory(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
        problems.add(Problem.of(MANIFEST, "", "is a directory; it must be the manifest file"));
      }
    } else if (Files.size(manifestFile) > MAX_MANIFEST_BYTES) {
      problems.add(Problem.of(MANIFEST, "", "is larger than 1 MiB; a manifest is a few lines"));
    } else {
      manifest = ManifestReader.read(Files.readAllBytes(manifestFile), directoryName, problems);
    }

    Map<ScriptKind, Map<String, Script>> scripts = scripts(directory, files, problems);
    if (scripts.get(ScriptKind.AUTO_ACTION).isEmpty()) {
      problems.add(Problem.of("", ScriptKind.AUTO_ACTION.fileName(), "the package has no AutoAction; add"
          + " AutoAction[.VARIANT][.EXT] at its top level, e.g. AutoAction.sh"));
    }
    if (!problems.isEmpty()) {
      // The walk's order depends on the file system; the report must not.
      problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line)
          .thenComparing(Problem::field).thenComparing(Problem::message));
      throw new InvalidJobPackageException(directory, problems);
    }
    return new JobPackage(directory, manifest, files, scripts);
  }

  private static Map<ScriptKind, Map<String, Script>> scripts(Path directory, List<PackageFiles.Entry> files,
      List<Problem> problems) throws IOException {
    Map<ScriptKind, Map<String, Script>> result = new EnumMap<>(ScriptKind.class);
    for (ScriptKind kind : ScriptKind.values()) {
      result.put(kind, new LinkedHashMap<>());
    }
    Map<String, Boolean> executable = files.stream()
        .collect(Collectors.toMap(PackageFiles.Entry::path, e -> e.digestEntry().executable()));
    List<String> topLevel = new ArrayList<>();
    try (var stream = Files.list(directory)) {
      stream.map(p -> p.getFileName().toString()).sorted().forEach(topLevel::add);
    }
    for (String name : topLevel) {
      Script.Parsed parsed = Script.parse(name);
      if (parsed instanceof Script.Invalid invalid) {
        problems.add(Problem.of(name, invalid.kind().fileName(), invalid.message()));
        continue;
      }
      if (!(parsed instanceof Script.Valid valid)) {
        continue;
      }
      Script script = valid.script();
      String field = script.kind().fileName() + " " + script.variantLabel();
      if (Files.isDirectory(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        problems.add(Problem.of(name, field, "is a directory; " + script.kind() + " must be a file"));
        continue;
      }
      if (!executable.containsKey(name)) {
        continue; // a link, a special or an oversized file: already reported by the walk
      }
      Script other = result.get(script.kind()).putIfAbsent(script.variant(), script);
      if (other != null) {
        problems.add(Problem.of(name, field, other.fileName() + " and " + name + " both serve the "
            + script.variantLabel() + " variant of " + script.kind() + "; keep one of them"));
        continue;
      }
      if (script.extension().isEmpty() && !executable.get(name)) {
        problems.add(Problem.of(name, field, "has no extension, so it is run directly, but it is not"
            + " executable; chmod +x it (and commit the mode) or give it an extension such as .sh"));
      }
    }
    return result;
  }

  public Path directory() {
    return directory;
  }

  public Manifest manifest() {
    return manifest;
  }

  public String id() {
    return manifest.id();
  }

  /** {@code sha256:<hex>}, the value the approval freezes. */
  public String digest() {
    return digest;
  }

  /** The entries the digest is computed from, sorted by path. */
  public List<FileEntry> fileEntries() {
    return files.stream().map(PackageFiles.Entry::digestEntry).toList();
  }

  public long totalBytes() {
    return files.stream().mapToLong(PackageFiles.Entry::size).sum();
  }

  /** The package's files of one kind by variant ({@code ""} = generic). */
  public Map<String, Script> scripts(ScriptKind kind) {
    return java.util.Collections.unmodifiableMap(scripts.get(kind));
  }

  /**
   * The variant table: for each kind, the specific variants (server ids, OS, OS-RELEASE, ...) sorted
   * by name, then families, then the generic file.
   */
  public List<VariantRow> variantTable() {
    List<VariantRow> rows = new ArrayList<>();
    for (ScriptKind kind : ScriptKind.values()) {
      scripts.get(kind).values().stream()
          .sorted(Comparator.comparingInt(JobPackage::specificityRank).thenComparing(Script::variant))
          .forEach(s -> rows.add(new VariantRow(kind, s.variantLabel(), s.fileName())));
    }
    return rows;
  }

  /**
   * The variant table as text, one block per kind, e.g.
   * <pre>
   * AutoAction variants:
   *   debian  AutoAction.debian.sh
   *   unix    AutoAction.unix.sh
   * FailureRevert variants:
   *   generic  FailureRevert.sh
   * </pre>
   */
  public String variantTableText() {
    StringBuilder s = new StringBuilder();
    for (ScriptKind kind : ScriptKind.values()) {
      List<VariantRow> rows = variantTable().stream().filter(r -> r.kind() == kind).toList();
      s.append(kind.fileName()).append(" variants:");
      if (rows.isEmpty()) {
        s.append(" none").append(kind == ScriptKind.FAILURE_REVERT
            ? " (a failure cannot be reverted automatically)" : "").append('\n');
        continue;
      }
      s.append('\n');
      int width = rows.stream().mapToInt(r -> r.variant().length()).max().orElse(0);
      for (VariantRow r : rows) {
        s.append("  ").append(r.variant()).append(" ".repeat(width - r.variant().length() + 2))
            .append(r.fileName()).append('\n');
      }
    }
    return s.toString();
  }

  private static int specificityRank(Script s) {
    if (s.isGeneric()) {
      return 2;
    }
    return s.variant().equals("unix") || s.variant().equals("windows") ? 1 : 0;
  }

  /**
   * Picks the AutoAction and FailureRevert for a server, each by the variant search of DESIGN.md.
   *
   * @throws NoMatchingVariantException when no AutoAction fits or {@code requires} excludes the
   *     platform; the message names the server, the platform and the variants that exist
   */
  public VariantChoice choose(String serverId, Platform platform) {
    List<String> candidates = VariantSearch.candidates(serverId, platform);
    String where = "server " + serverId + " (os " + orUnknown(platform.os()) + ", release "
        + orUnknown(platform.release()) + ", arch " + orUnknown(platform.arch()) + ", family "
        + orUnknown(platform.family()) + ")";
    if (!manifest.requires().isEmpty() && !supports(platform)) {
      throw new NoMatchingVariantException("job " + id() + " requires " + manifest.requires() + "; " + where
          + " is none of them");
    }
    Optional<Script> autoAction = find(ScriptKind.AUTO_ACTION, candidates);
    if (autoAction.isEmpty()) {
      throw new NoMatchingVariantException("job " + id() + " has no AutoAction for " + where + "; tried "
          + candidates.stream().map(c -> c.isEmpty() ? "generic" : c).collect(Collectors.joining(", "))
          + "; the package has " + scripts.get(ScriptKind.AUTO_ACTION).values().stream()
              .map(Script::fileName).sorted().collect(Collectors.joining(", "))
          + " — add a variant for this platform or a generic AutoAction");
    }
    return new VariantChoice(serverId, platform, autoAction.get(), find(ScriptKind.FAILURE_REVERT, candidates),
        candidates);
  }

  /**
   * Whether {@code requires} admits the platform: an entry matches the family or the os id;
   * {@code linux} matches the unix family, since Linux is the only Unix the agent runs on.
   */
  public boolean supports(Platform platform) {
    return manifest.requires().isEmpty() || manifest.requires().stream().anyMatch(r ->
        r.equals(platform.family()) || r.equals(platform.os())
            || r.equals("linux") && platform.family().equals("unix"));
  }

  private Optional<Script> find(ScriptKind kind, List<String> candidates) {
    Map<String, Script> byVariant = scripts.get(kind);
    return candidates.stream().filter(byVariant::containsKey).findFirst().map(byVariant::get);
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }
}
