package io.remoteservice.agent.campaign;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code failureBudget} as written: a count of failed servers ({@code "3"}) or a share of the targets
 * ({@code "10%"}). A share is rounded down, like a pool's {@code maxUnavailable}: 10% of 25 targets is 2,
 * so the third failure exceeds it. The budget is exceeded when failures are MORE than the limit, so
 * {@code "0"} (the default) stops new starts at the first failure.
 */
public record BudgetSetting(int value, boolean percent) {

  public static final BudgetSetting NONE = new BudgetSetting(0, false);

  private static final Pattern COUNT = Pattern.compile("\\d{1,6}");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");

  public BudgetSetting {
    if (value < 0 || percent && value > 100) {
      throw new IllegalArgumentException("failure budget out of range: " + value + (percent ? "%" : ""));
    }
  }

  /**
   * Parses {@code "3"} or {@code "10%"}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static BudgetSetting parse(String text) {
    String t = text == null ? "" : text.trim();
    if (COUNT.matcher(t).matches()) {
      return new BudgetSetting(Integer.parseInt(t), false);
    }
    Matcher m = PERCENT.matcher(t);
    if (m.matches() && Integer.parseInt(m.group(1)) <= 100) {
      return new BudgetSetting(Integer.parseInt(m.group(1)), true);
    }
    throw new IllegalArgumentException("'" + text + "' is neither a count of failed servers (e.g. \"3\") nor a"
        + " share of the targets between 0% and 100% (e.g. \"10%\")");
  }

  /** How many failures the budget tolerates among {@code targets} servers (a share rounded down). */
  public int limit(int targets) {
    return percent ? (int) ((long) targets * value / 100) : value;
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
