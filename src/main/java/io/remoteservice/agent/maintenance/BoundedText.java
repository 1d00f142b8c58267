package io.remoteservice.agent.maintenance;

/**
 * Text cut to a size that fits into a process variable: the head (what the program set out to do) and
 * the tail (how it ended, its {@code RSA-RESULT} line), with a line in between saying how much was cut.
 * Process variables of type String are stored in a column of limited size on PostgreSQL, so a long
 * output must never reach them whole.
 */
final class BoundedText {

  /** The most characters {@link MaintenanceSteps.RunState#output()} holds. */
  static final int PROCESS_VARIABLE_LIMIT = 3_000;

  private BoundedText() {}

  /** At most {@code max} characters, the marker line included. */
  static String of(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    String marker = "\n[... " + text.length() + " characters in all; the middle is cut, the full output is"
        + " in the report ...]\n";
    // The number in the marker is at most as long as the text's length, so this is enough room.
    int room = max - marker.length();
    if (room < 2) {
      return text.substring(0, max);
    }
    int head = room / 2;
    int tail = room - head;
    head = avoidSplitSurrogate(text, head);
    int tailStart = text.length() - tail;
    if (Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    return text.substring(0, head) + marker + text.substring(tailStart);
  }

  private static int avoidSplitSurrogate(String text, int end) {
    return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
  }
}
