package io.remoteservice.agent.remote;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds out what a server runs: {@code uname -s}, {@code uname -m} and {@code /etc/os-release} on
 * Unix; on Windows (whose OpenSSH runs cmd.exe or PowerShell) the version from {@code ver} and
 * {@code %PROCESSOR_ARCHITECTURE%}. Architectures are named as Linux's {@code uname -m} names them
 * (amd64 and x64 become x86_64, arm64 becomes aarch64), so one variant name fits all servers.
 */
public class PlatformProbe {

  static final String SEPARATOR = "--RSA-OS-RELEASE--";
  static final String UNIX_COMMAND = "uname -s && uname -m && echo " + SEPARATOR
      + " && { cat /etc/os-release || cat /usr/lib/os-release; } 2>/dev/null; true";
  static final String WINDOWS_COMMAND = "cmd /c \"ver & echo %PROCESSOR_ARCHITECTURE%\"";
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private static final Pattern WINDOWS_VERSION =
      Pattern.compile("\\[[^\\]\\d]*(\\d+\\.\\d+\\.\\d+)(?:\\.\\d+)?\\]");
  private static final Pattern BARE_VERSION = Pattern.compile("(?m)^\\s*(\\d+\\.\\d+\\.\\d+)(?:\\.\\d+)?\\s*$");
  private static final Pattern WINDOWS_ARCH =
      Pattern.compile("(?im)^\\s*(AMD64|ARM64|x86|IA64|EM64T)\\s*$");

  public Platform probe(RemoteSession session) {
    ExecResult unix = session.execRaw(UNIX_COMMAND, LIMIT);
    String out = unix.stdout().text();
    if (unix.exitCode() == 0 && out.contains(SEPARATOR)) {
      int at = out.indexOf(SEPARATOR);
      String[] uname = out.substring(0, at).strip().split("\\R");
      if (uname.length >= 2) {
        return parseUnix(uname[uname.length - 2], uname[uname.length - 1],
            out.substring(at + SEPARATOR.length()));
      }
    }
    ExecResult windows = session.execRaw(WINDOWS_COMMAND, LIMIT);
    if (windows.exitCode() == 0) {
      return parseWindows(windows.stdout().text());
    }
    throw new RemoteException(session.target(), "cannot tell what the server runs: `uname` gave exit "
        + unix.exitCode() + " (" + RemoteSession.summary(unix.stderr().text()) + "), `ver` gave exit "
        + windows.exitCode() + " (" + RemoteSession.summary(windows.stderr().text()) + ")");
  }

  /** From the output of {@code uname -s}, {@code uname -m} and the os-release file (may be empty). */
  public static Platform parseUnix(String unameS, String unameM, String osRelease) {
    String kernel = unameS.strip();
    String arch = normaliseArch(unameM);
    String upper = kernel.toUpperCase(Locale.ROOT);
    if (upper.startsWith("CYGWIN") || upper.startsWith("MINGW") || upper.startsWith("MSYS")) {
      Matcher version = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(kernel);
      return new Platform("windows", "windows", version.find() ? version.group(1) : "", arch);
    }
    Map<String, String> release = parseOsRelease(osRelease);
    String os = release.getOrDefault("ID", "");
    if (os.isBlank()) {
      os = kernel;
    }
    if (kernel.isBlank()) {
      throw new IllegalArgumentException("uname -s printed nothing");
    }
    return new Platform("unix", os, release.getOrDefault("VERSION_ID", ""), arch);
  }

  /**
   * From the output of {@code ver} and {@code echo %PROCESSOR_ARCHITECTURE%} (cmd.exe), or of
   * {@code [Environment]::OSVersion.Version.ToString(); $env:PROCESSOR_ARCHITECTURE} (PowerShell).
   * The release is major.minor.build ({@code 10.0.20348}), as Windows' version numbers go.
   */
  public static Platform parseWindows(String output) {
    Matcher version = WINDOWS_VERSION.matcher(output);
    String release;
    if (version.find()) {
      release = version.group(1);
    } else {
      Matcher bare = BARE_VERSION.matcher(output);
      if (!bare.find()) {
        throw new IllegalArgumentException("no Windows version in the probe's output: "
            + RemoteSession.summary(output));
      }
      release = bare.group(1);
    }
    Matcher arch = WINDOWS_ARCH.matcher(output);
    if (!arch.find()) {
      throw new IllegalArgumentException("no processor architecture in the probe's output: "
          + RemoteSession.summary(output));
    }
    return new Platform("windows", "windows", release, normaliseArch(arch.group(1)));
  }

  static String normaliseArch(String arch) {
    String a = arch.strip().toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x64", "em64t" -> "x86_64";
      case "arm64" -> "aarch64";
      case "i386", "i486", "i586", "i686" -> "x86";
      default -> a;
    };
  }

  /** KEY=value lines; values may be quoted with " or ' and use backslash escapes inside "...". */
  static Map<String, String> parseOsRelease(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
      } else if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1);
      }
      values.putIfAbsent(key, value);
    }
    return values;
  }
}
