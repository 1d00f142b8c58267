package io.remoteservice.agent.job;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One AutoAction or FailureRevert file of a package: {@code KIND[.VARIANT][.EXT]}.
 *
 * @param kind      AutoAction or FailureRevert
 * @param variant   lower case; empty for the generic file
 * @param extension one of {@link #EXTENSIONS}; empty when the file has none (then it runs directly
 *                  and must be executable)
 * @param fileName  the file's name at the package's top level
 */
public record Script(ScriptKind kind, String variant, String extension, String fileName) {

  /** Extensions that say how a program is started; any other trailing word is an error. */
  public static final List<String> EXTENSIONS = List.of("sh", "ps1", "cmd", "bat", "py", "pl");

  private static final Set<String> EXTENSION_SET = Set.copyOf(EXTENSIONS);
  /**
   * Words that are not variants but extensions nobody should rely on: {@code AutoAction.bash} would
   * otherwise read as the variant of a server called "bash" and never run anywhere.
   */
  private static final Set<String> UNSUPPORTED_EXTENSIONS = Set.of("bash", "ksh", "zsh", "csh", "tcsh", "fish",
      "exe", "com", "vbs", "js", "rb", "php", "psm1", "py3", "txt", "md", "bak", "old", "orig", "tmp", "swp");
  private static final Pattern VARIANT = Pattern.compile("[a-z0-9](?:[a-z0-9._-]*[a-z0-9_])?");
  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");

  public boolean isGeneric() {
    return variant.isEmpty();
  }

  /** The variant as shown in tables and history: {@code generic} for the generic file. */
  public String variantLabel() {
    return isGeneric() ? "generic" : variant;
  }

  /**
   * How the program is started on the server, before its file name: {@code [sh]} for {@code .sh},
   * {@code []} for a file without extension (run directly). Advisory for the remote runner; Windows
   * entries apply once Windows targets run.
   */
  public List<String> interpreter() {
    return switch (extension) {
      case "sh" -> List.of("sh");
      case "py" -> List.of("python3");
      case "pl" -> List.of("perl");
      case "ps1" -> List.of("powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File");
      case "cmd", "bat" -> List.of("cmd", "/c");
      default -> List.of();
    };
  }

  /** The result of reading a top-level file name. */
  sealed interface Parsed permits NotAScript, Valid, Invalid {}

  /** A name that is neither AutoAction nor FailureRevert nor a look-alike. */
  record NotAScript() implements Parsed {}

  record Valid(Script script) implements Parsed {}

  /** A name meant as a script that does not fit the grammar. */
  record Invalid(ScriptKind kind, String message) implements Parsed {}

  /**
   * Reads a file name. A release may contain dots ({@code AutoAction.ubuntu-22.04-x86_64.sh}), so the
   * last dot-separated segment is an extension only when it is a known one; a last segment of letters
   * only that is not a known extension ({@code .exe}, {@code .bash}) is reported as an unknown
   * extension rather than read as part of a variant: a release segment always has a digit.
   */
  static Parsed parse(String name) {
    for (ScriptKind kind : ScriptKind.values()) {
      String base = kind.fileName();
      if (name.equals(base)) {
        return new Valid(new Script(kind, "", "", name));
      }
      if (name.startsWith(base + ".")) {
        return parseRest(kind, name, name.substring(base.length() + 1));
      }
      if (name.toLowerCase(Locale.ROOT).startsWith(base.toLowerCase(Locale.ROOT))) {
        return new Invalid(kind, "'" + name + "' looks like a " + base + " but does not read as "
            + base + "[.VARIANT][.EXT] (exact case, dot-separated); rename it, or move it under files/");
      }
    }
    return new NotAScript();
  }

  private static Parsed unknownExtension(ScriptKind kind, String name, String extension) {
    return new Invalid(kind, "'" + name + "' has the unknown extension '." + extension + "'; known: "
        + String.join(", ", EXTENSIONS) + " (or none); rename it, or move it under files/");
  }

  private static Parsed parseRest(ScriptKind kind, String name, String rest) {
    if (rest.isEmpty() || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
      return new Invalid(kind, "'" + name + "' has an empty part between dots");
    }
    String variant;
    String extension;
    int lastDot = rest.lastIndexOf('.');
    if (lastDot < 0) {
      if (UNSUPPORTED_EXTENSIONS.contains(rest.toLowerCase(Locale.ROOT))) {
        return unknownExtension(kind, name, rest);
      }
      boolean isExtension = EXTENSION_SET.contains(rest);
      variant = isExtension ? "" : rest;
      extension = isExtension ? rest : "";
    } else {
      String last = rest.substring(lastDot + 1);
      if (EXTENSION_SET.contains(last)) {
        variant = rest.substring(0, lastDot);
        extension = last;
      } else if (LETTERS.matcher(last).matches()) {
        return unknownExtension(kind, name, last);
      } else {
        variant = rest;
        extension = "";
      }
    }
    if (!variant.isEmpty() && !VARIANT.matcher(variant).matches()) {
      return new Invalid(kind, "'" + name + "' has the variant '" + variant + "', which is not a server id,"
          + " OS[-RELEASE][-ARCH] or family in lower case (a-z, 0-9, '-', '_', '.')");
    }
    if (EXTENSION_SET.contains(variant)) {
      return new Invalid(kind, "'" + name + "' has two extensions; name it " + kind.fileName() + "."
          + variant + " or " + kind.fileName() + ".VARIANT." + extension);
    }
    return new Valid(new Script(kind, variant, extension, name));
  }
}
