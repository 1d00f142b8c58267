package io.remoteservice.agent.remote;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quoting for the POSIX shell on the server. Every value that reaches a shell goes through
 * {@link #quote(String)}: inside single quotes nothing is special, and a single quote itself is written
 * as {@code '\''}. So no value can end the quoting and become a command.
 */
final class Shell {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private Shell() {}

  static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a value for the remote shell contains a NUL byte, which no "
          + "shell can pass on");
    }
    if (!value.isEmpty() && SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code NAME='value'; export NAME} lines, one per variable, in the map's order. */
  static String exports(Map<String, String> env) {
    StringBuilder script = new StringBuilder();
    env.forEach((name, value) -> {
      requireEnvName(name);
      if (value == null) {
        throw new IllegalArgumentException("environment variable " + name + " has no value");
      }
      script.append(name).append('=').append(quote(value)).append("; export ").append(name).append('\n');
    });
    return script.toString();
  }

  static void requireEnvName(String name) {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("environment variable name '" + name + "' is not valid: use "
          + "letters, digits and _ and do not start with a digit");
    }
  }

  /** A command line that runs {@code script} in /bin/sh, whatever the user's login shell is. */
  static String sh(String script) {
    return "/bin/sh -c " + quote(script);
  }
}
