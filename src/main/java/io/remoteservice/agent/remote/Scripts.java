package io.remoteservice.agent.remote;

import io.remoteservice.agent.job.PackageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.regex.Pattern;

/**
 * The POSIX sh scripts the agent runs on a server, and the parsers of their answers. Everything
 * variable in them is quoted with {@link Shell#quote(String)}; their answers are single lines starting
 * with a fixed tag, so that noise from a login shell's rc files cannot be taken for an answer.
 */
final class Scripts {

  /** The agent's state inside a run directory; never part of an upload. */
  static final String STATE_DIR = ".rsa";
  static final String MARKER = STATE_DIR + "/run";
  static final String STDOUT = STATE_DIR + "/stdout";
  static final String STDERR = STATE_DIR + "/stderr";

  static final String KILL_GONE = "RSA-KILL gone";
  static final String KILL_ALIVE = "RSA-KILL alive";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Sleeps a tenth of a second where sleep takes fractions, else a second. */
  private static final String NAP = "sleep 0.1 2>/dev/null || sleep 1";

  private Scripts() {}

  // ---------------------------------------------------------------- process groups

  /**
   * Kills process group {@code $p} (already set): TERM, up to {@code graceSeconds} for it to go, then
   * KILL; sets {@code sig} to the last signal sent and prints {@link #KILL_GONE} or {@link #KILL_ALIVE}.
   * A pgid of 0 or 1 would mean "every process": refused.
   */
  private static String killGroupBody(int graceSeconds) {
    return """
        case $p in ''|*[!0-9]*|0|1) echo 'RSA-KILL no-group'; exit 0;; esac
        sig=TERM
        kill -TERM -$p 2>/dev/null
        i=0
        while kill -0 -$p 2>/dev/null && [ $i -lt %d ]; do %s; i=$((i+1)); done
        if kill -0 -$p 2>/dev/null; then sig=KILL; kill -KILL -$p 2>/dev/null; fi
        i=0
        while kill -0 -$p 2>/dev/null && [ $i -lt 50 ]; do %s; i=$((i+1)); done
        if kill -0 -$p 2>/dev/null; then gone=no; else gone=yes; fi
        """.formatted(graceSeconds * 10, NAP, NAP);
  }

  static String killGroup(String pgid, int graceSeconds) {
    return "p=" + Shell.quote(pgid) + "\n" + killGroupBody(graceSeconds)
        + "if [ $gone = yes ]; then echo '" + KILL_GONE + "'; else echo '" + KILL_ALIVE + "'; fi\n";
  }

  // ---------------------------------------------------------------- upload and verification

  /**
   * Replaces the run directory by an empty one with the agent's marker and the given subdirectories,
   * unless a run was already started in it: then nothing is touched.
   */
  static String prepareRunDir(RunDir dir, SortedSet<String> subdirectories) {
    StringBuilder mkdirs = new StringBuilder("mkdir -p -- \"$d/" + STATE_DIR + "\"");
    for (String sub : subdirectories) {
      mkdirs.append(" \"$d\"/").append(Shell.quote(sub));
    }
    return "umask 022\n"
        + "d=" + Shell.quote(dir.path()) + "\n"
        + "if [ -d \"$d/" + STATE_DIR + "/started\" ]; then echo 'RSA-UPLOAD started'; exit 0; fi\n"
        + "rm -rf -- \"$d\" || { echo 'RSA-UPLOAD cannot-remove'; exit 1; }\n"
        + mkdirs + " || { echo 'RSA-UPLOAD cannot-create'; exit 1; }\n"
        // The launcher holds the environment and the output may be private: only the user reads them.
        + "chmod 700 \"$d/" + STATE_DIR + "\" || exit 1\n"
        + "echo 'remote-service-agent run directory' > \"$d/" + MARKER + "\" || exit 1\n"
        + "echo 'RSA-UPLOAD ready'\n";
  }

  /**
   * Lists every entry of the run directory except the agent's state: one NUL-terminated record per
   * entry, {@code x|- SHA256 ./path} for a regular file, {@code ? 0 ./path} for anything else that
   * is not a directory (a symlink, a fifo), which no upload makes.
   */
  static String listing(RunDir dir) {
    return "cd -- " + Shell.quote(dir.path()) + " || exit 97\n"
        + "find . \\( -path ./" + RunSlot.MAIN.stateDir() + " -o -path ./" + RunSlot.REVERT.stateDir()
        + " \\) -prune -o -type f -exec /bin/sh -c "
        + Shell.quote("for f do if [ -x \"$f\" ]; then x=x; else x=-; fi; "
            + "h=$(sha256sum < \"$f\") || exit 1; printf '%s %s %s\\0' \"$x\" \"${h%% *}\" \"$f\"; done")
        + " sh {} + -o ! -type d -exec /bin/sh -c "
        + Shell.quote("for f do printf '? 0 %s\\0' \"$f\"; done")
        + " sh {} +\n";
  }

  /** What {@link #listing(RunDir)} found. */
  record Listing(List<PackageDigest.FileEntry> files, List<String> others) {}

  static Listing parseListing(byte[] output) {
    List<PackageDigest.FileEntry> files = new ArrayList<>();
    List<String> others = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i] != 0) {
        continue;
      }
      String record = new String(output, start, i - start, StandardCharsets.UTF_8);
      start = i + 1;
      if (record.isEmpty()) {
        continue;
      }
      String[] parts = record.split(" ", 3);
      if (parts.length != 3 || !parts[2].startsWith("./")) {
        throw new IllegalArgumentException("unexpected line in the remote listing: " + record);
      }
      String path = parts[2].substring(2);
      switch (parts[0]) {
        case "x", "-" -> {
          if (!SHA256.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("no SHA-256 for " + path + " in the remote listing: "
                + parts[1]);
          }
          files.add(new PackageDigest.FileEntry(path, parts[0].equals("x"), parts[1]));
        }
        case "?" -> others.add(path);
        default -> throw new IllegalArgumentException("unexpected line in the remote listing: "
            + record);
      }
    }
    if (start != output.length) {
      throw new IllegalArgumentException("the remote listing ends in the middle of a record");
    }
    return new Listing(files, others);
  }

  // ---------------------------------------------------------------- detached runs

  /**
   * Starts the launcher in its own session (so its own process group) unless the run was started
   * before: {@code mkdir} of the claim directory is atomic, so of two starts, even from two agents,
   * exactly one wins. The launcher is only written after the claim.
   */
  static String start(RunDir dir, String program, Map<String, String> env) {
    return start(dir, RunSlot.MAIN, program, env);
  }

  /** {@link #start(RunDir, String, Map)} with the state in the slot's own directory. */
  static String start(RunDir dir, RunSlot slot, String program, Map<String, String> env) {
    String s = slot.stateDir();
    String launcher = launcher(dir, slot, program, env);
    String delimiter;
    do {
      delimiter = "RSA_LAUNCHER_" + HexFormat.of().formatHex(randomBytes(8));
    } while (launcher.contains(delimiter));
    return "cd -- " + Shell.quote(dir.path()) + " 2>/dev/null || { echo 'RSA-START no-run-directory'; "
        + "exit 0; }\n"
        + "[ -f " + MARKER + " ] || { echo 'RSA-START no-run-directory'; exit 0; }\n"
        + "command -v setsid >/dev/null 2>&1 || { echo 'RSA-START no-setsid'; exit 0; }\n"
        + "[ -f " + Shell.quote("./" + program) + " ] || { echo 'RSA-START no-program'; exit 0; }\n"
        + (slot == RunSlot.MAIN ? "" : "mkdir -p " + s + " && chmod 700 " + s
            + " || { echo 'RSA-START no-state-directory'; exit 0; }\n")
        + "if mkdir " + s + "/started 2>/dev/null; then\n"
        + "  date +%s > " + s + "/claim-time\n"
        + "  cat > " + s + "/launch <<'" + delimiter + "'\n"
        + launcher
        + delimiter + "\n"
        + "  setsid /bin/sh " + s + "/launch </dev/null >/dev/null 2>&1 &\n"
        + "  echo 'RSA-START started'\n"
        + "else\n"
        + "  echo 'RSA-START already'\n"
        + "fi\n";
  }

  /**
   * The launcher: leader of its own process group; records pid, boot id and times; runs the program
   * with the environment, stdin empty, its output into files; records the exit code atomically last.
   */
  static String launcher(RunDir dir, String program, Map<String, String> env) {
    return launcher(dir, RunSlot.MAIN, program, env);
  }

  static String launcher(RunDir dir, RunSlot slot, String program, Map<String, String> env) {
    UploadFile.requireRelative(program);
    String run = Shell.quote("./" + program);
    String fallback = interpreter(program)
        .map(interp -> interp + " " + run)
        .orElse("{ echo " + Shell.quote(program + " is not executable") + " >&2; exit 126; }");
    String s = slot.stateDir();
    return "cd -- " + Shell.quote(dir.path()) + " || exit 97\n"
        + "date +%s > " + s + "/start-time\n"
        + "cat /proc/sys/kernel/random/boot_id > " + s + "/boot 2>/dev/null\n"
        + "echo $$ > " + s + "/pgid.tmp && mv -f " + s + "/pgid.tmp " + s + "/pgid\n"
        + Shell.exports(env)
        + "if [ -x " + run + " ]; then " + run + "; else " + fallback + "; fi </dev/null >" + s
        + "/stdout 2>" + s + "/stderr\n"
        + "rc=$?\n"
        + "date +%s > " + s + "/end-time\n"
        + "echo $rc > " + s + "/exit.tmp && mv -f " + s + "/exit.tmp " + s + "/exit\n";
  }

  /** How to run a program that lost (or never had) its executable bit, by its extension. */
  static java.util.Optional<String> interpreter(String program) {
    String name = program.substring(program.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "sh" -> java.util.Optional.of("/bin/sh");
      case "py" -> java.util.Optional.of("python3");
      case "pl" -> java.util.Optional.of("perl");
      case "ps1", "cmd", "bat" -> throw new UnsupportedOperationException(program + " is a Windows "
          + "program; Windows targets are recognised but not run yet");
      default -> java.util.Optional.empty();
    };
  }

  static String status(RunDir dir) {
    return status(dir, RunSlot.MAIN);
  }

  static String status(RunDir dir, RunSlot slot) {
    String s = slot.stateDir();
    return "report() { echo \"RSA-STATUS state=$1 now=$(date +%s) exit=$(cat " + s + "/exit 2>/dev/null)"
        + " start=$(cat " + s + "/start-time 2>/dev/null) end=$(cat " + s + "/end-time 2>/dev/null)"
        + " claimed=$(cat " + s + "/claim-time 2>/dev/null) pgid=$(cat " + s + "/pgid 2>/dev/null)"
        + " killed=$([ -f " + s + "/killed ] && echo yes || echo no)\"; exit 0; }\n"
        + "cd -- " + Shell.quote(dir.path()) + " 2>/dev/null || report not-started\n"
        + "[ -d " + s + "/started ] || report not-started\n"
        + "[ -f " + s + "/exit ] && report ended\n"
        + "p=$(cat " + s + "/pgid 2>/dev/null)\n"
        + "case $p in ''|*[!0-9]*|0|1) report starting;; esac\n"
        // After a reboot the pid may belong to someone else: the run is gone.
        + "[ -s " + s + "/boot ] && [ \"$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)\" != "
        + "\"$(cat " + s + "/boot)\" ] && report lost\n"
        + "kill -0 -$p 2>/dev/null && report running\n"
        // It may have ended between the first look at the exit file and the kill -0.
        + "[ -f " + s + "/exit ] && report ended\n"
        + "report lost\n";
  }

  static Map<String, String> parseTagged(String tag, String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith(tag + " ")) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : line.substring(tag.length() + 1).trim().split(" +")) {
          int eq = token.indexOf('=');
          if (eq > 0) {
            values.put(token.substring(0, eq), token.substring(eq + 1));
          } else if (!token.isEmpty()) {
            values.put(token, "");
          }
        }
        return values;
      }
    }
    throw new IllegalArgumentException("no '" + tag + "' line in the server's answer: "
        + RemoteSession.summary(output));
  }

  /** Kills the run's process group; marks the run as ended by a kill unless it ended by itself. */
  static String kill(RunDir dir, int graceSeconds) {
    return kill(dir, RunSlot.MAIN, graceSeconds);
  }

  static String kill(RunDir dir, RunSlot slot, int graceSeconds) {
    String s = slot.stateDir();
    return "cd -- " + Shell.quote(dir.path()) + " 2>/dev/null || { echo 'RSA-KILL not-started'; exit 0; }\n"
        + "[ -d " + s + "/started ] || { echo 'RSA-KILL not-started'; exit 0; }\n"
        // Just started: wait for the launcher to record its pgid, or it would run unkilled.
        + "i=0\n"
        + "while [ ! -s " + s + "/pgid ] && [ ! -f " + s + "/exit ] && [ $i -lt 100 ]; do " + NAP
        + "; i=$((i+1)); done\n"
        // Once the launcher recorded the exit code, the pgid may be reused by anyone: never signal it.
        + "if [ -f " + s + "/exit ]; then echo 'RSA-KILL ended'; exit 0; fi\n"
        + "p=$(cat " + s + "/pgid 2>/dev/null)\n"
        + "if [ -s " + s + "/boot ] && [ \"$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)\" != "
        + "\"$(cat " + s + "/boot)\" ]; then echo '" + KILL_GONE + "'; exit 0; fi\n"
        + killGroupBody(graceSeconds)
        + "if [ $gone = no ]; then echo '" + KILL_ALIVE + "'; exit 0; fi\n"
        + "if [ ! -f " + s + "/exit ]; then\n"
        + "  date +%s > " + s + "/end-time\n"
        + "  echo $sig > " + s + "/killed\n"
        + "  if [ $sig = KILL ]; then rc=137; else rc=143; fi\n"
        + "  echo $rc > " + s + "/exit.tmp && mv -f " + s + "/exit.tmp " + s + "/exit\n"
        + "fi\n"
        + "echo '" + KILL_GONE + "'\n";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
