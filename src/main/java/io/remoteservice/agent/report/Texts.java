package io.remoteservice.agent.report;

import java.util.regex.Pattern;

/**
 * Bounds and cleans text before it is stored. Outputs of remote programs can be of any size and can
 * contain anything the program printed; a report is kept for years and read by auditors and customers,
 * so it keeps the head and the tail (what the program set out to do, and how it ended) and never a
 * private key that a careless program printed (invariant 4).
 */
final class Texts {

  /** Each program output in a report, in characters. */
  static final int OUTPUT_LIMIT = 64 * 1024;
  /** Reasons and step results: a few lines for people. */
  static final int SHORT_LIMIT = 4000;
  /** A notice body. */
  static final int BODY_LIMIT = 64 * 1024;

  static final String KEY_REMOVED = "[private key removed]";

  // A PEM or OpenSSH private key block; an unterminated one (cut by the output bound) runs to the end.
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\\z)",
      Pattern.DOTALL);

  private Texts() {
  }

  /**
   * Removes private keys, then keeps at most {@code maxChars} characters: the head and the tail with a
   * line {@code [... N characters cut ...]} between them. Null stays null.
   */
  static String bounded(String text, int maxChars) {
    if (text == null) {
      return null;
    }
    String clean = withoutSecrets(text);
    if (clean.length() <= maxChars) {
      return clean;
    }
    // The marker is counted within the limit, so the stored text never exceeds it.
    String probe = marker(clean.length());
    int keep = Math.max(0, maxChars - probe.length());
    int head = keep / 2;
    int tail = keep - head;
    String marker = marker(clean.length() - head - tail);
    return clean.substring(0, head) + marker + clean.substring(clean.length() - tail);
  }

  static String withoutSecrets(String text) {
    return text == null ? null : PRIVATE_KEY.matcher(text).replaceAll(KEY_REMOVED);
  }

  private static String marker(int cut) {
    return "\n[... " + cut + " characters cut ...]\n";
  }

  /** A required identifier: present, not blank, at most {@code max} characters. */
  static String required(String value, String what, String context, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(context + ": " + what + " is missing");
    }
    return optional(value, what, context, max);
  }

  static String optional(String value, String what, String context, int max) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(context + ": " + what + " is " + value.length()
          + " characters long, at most " + max + " fit (value starts with '" + value.substring(0, 40) + "')");
    }
    return value == null || value.isBlank() ? null : value;
  }
}
