package io.remoteservice.agent.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pool's {@code maxUnavailable}: a count ({@code 2}) or a share of the pool's servers ({@code "25%"}).
 * A share is rounded down, so it never allows more than it says.
 */
public record MaxUnavailable(int value, boolean percent) {

  private static final Pattern COUNT = Pattern.compile("\\d{1,6}");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

  public MaxUnavailable {
    if (value < 0 || percent && value > 100) {
      throw new IllegalArgumentException("maxUnavailable out of range: " + value + (percent ? "%" : ""));
    }
  }

  /**
   * Parses a count or a percentage.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static MaxUnavailable parse(String text) {
    String t = text == null ? "" : text.trim();
    if (COUNT.matcher(t).matches()) {
      return new MaxUnavailable(Integer.parseInt(t), false);
    }
    Matcher m = PERCENT.matcher(t);
    if (m.matches() && Integer.parseInt(m.group(1)) <= 100) {
      return new MaxUnavailable(Integer.parseInt(m.group(1)), true);
    }
    throw new IllegalArgumentException("'" + text + "' is neither a count (e.g. 1) nor a percentage"
        + " between 0% and 100% (e.g. \"25%\")");
  }

  /** How many of {@code poolSize} servers may be unavailable at once. */
  public int of(int poolSize) {
    return percent ? poolSize * value / 100 : value;
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
