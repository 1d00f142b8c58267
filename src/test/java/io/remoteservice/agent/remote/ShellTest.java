package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellTest {

  private static final List<String> NASTY = List.of(
      "", "plain", "with space", "it's", "''", "'; rm -rf / #", "$(reboot)", "`id`", "${HOME}",
      "a\nb", "tab\there", "back\\slash", "\"double\"", "*", "~root", "-n", "a=b", "ünïcödé", "!bang",
      "end'");

  @Test
  void everyValueComesBackUnchangedFromTheShellWord() {
    for (String value : NASTY) {
      String quoted = Shell.quote(value);
      assertThat(PosixWord.parse(quoted)).as("quoted %s", quoted).isEqualTo(value);
    }
  }

  @Test
  void quotesWhatTheShellWouldInterpret() {
    assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(Shell.quote("$(reboot)")).isEqualTo("'$(reboot)'");
    assertThat(Shell.quote("")).isEqualTo("''");
    assertThat(Shell.quote("~root")).isEqualTo("'~root'");
    assertThat(Shell.quote("/var/tmp/rsa")).isEqualTo("/var/tmp/rsa");
  }

  @Test
  void nulCannotBePassed() {
    assertThatThrownBy(() -> Shell.quote("a\0b")).hasMessageContaining("NUL");
  }

  @Test
  void exportsQuoteEveryValueAndCheckNames() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RSA_RUN_ID", "run-1");
    env.put("RSA_PARAM_CONFIG", "/etc/x'; touch /tmp/pwned; '");

    String script = Shell.exports(env);

    assertThat(script).isEqualTo("RSA_RUN_ID=run-1; export RSA_RUN_ID\n"
        + "RSA_PARAM_CONFIG='/etc/x'\\''; touch /tmp/pwned; '\\'''; export RSA_PARAM_CONFIG\n");
    assertThat(PosixWord.parse(script.substring(script.indexOf("RSA_PARAM_CONFIG=") + 17,
        script.lastIndexOf("; export")))).isEqualTo("/etc/x'; touch /tmp/pwned; '");
  }

  @Test
  void badVariableNamesAreRefused() {
    for (String name : List.of("1ABC", "A-B", "A B", "A;B", "")) {
      assertThatThrownBy(() -> Shell.exports(Map.of(name, "v")))
          .as(name).hasMessageContaining("environment variable name");
    }
  }

  /** Reads one word as POSIX sh does, for the quoting forms Shell produces; fails on anything else. */
  static final class PosixWord {
    static String parse(String text) {
      StringBuilder word = new StringBuilder();
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\'') {
          int end = text.indexOf('\'', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated quote in " + text);
          }
          word.append(text, i + 1, end);
          i = end + 1;
        } else if (c == '\\') {
          word.append(text.charAt(i + 1));
          i += 2;
        } else if (Character.isLetterOrDigit(c) || "_./:=@%+,-".indexOf(c) >= 0) {
          word.append(c);
          i++;
        } else {
          throw new IllegalArgumentException("unquoted special character '" + c + "' in " + text);
        }
      }
      return word.toString();
    }
  }
}
