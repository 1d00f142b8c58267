package io.remoteservice.agent.campaign;

/**
 * A campaign's failure budget at one moment.
 *
 * @param setting  as written ({@code "3"}, {@code "10%"})
 * @param targets  the campaign's number of target servers, which a share refers to
 * @param limit    failures tolerated; the budget is exceeded when {@code used > limit}
 * @param used     failed servers so far (REVERTED, REVERT_FAILED, NOT_CHANGED)
 * @param exceeded whether no new server may start because of failures
 * @param left     failures that may still happen without exceeding the budget (0 when exceeded)
 */
public record FailureBudget(String setting, int targets, int limit, int used, boolean exceeded, int left) {

  public static FailureBudget of(BudgetSetting setting, int targets, int failures) {
    if (targets < 0 || failures < 0) {
      throw new IllegalArgumentException("targets and failures must not be negative: " + targets + ", " + failures);
    }
    int limit = setting.limit(targets);
    return new FailureBudget(setting.toString(), targets, limit, failures, failures > limit,
        Math.max(0, limit - failures));
  }

  public static FailureBudget of(CampaignSettings settings, int targets, int failures) {
    return of(settings.failureBudget(), targets, failures);
  }

  /** Counts the failures among the states (see {@link ServerState#failure()}). */
  public static FailureBudget of(BudgetSetting setting, java.util.Collection<ServerState> states) {
    return of(setting, states.size(), (int) states.stream().filter(ServerState::failure).count());
  }

  /** "2 of 3 failures used (budget 10% of 30 targets)". */
  public String describe() {
    return used + " of " + limit + " failures used (budget " + setting
        + (setting.endsWith("%") ? " of " + targets + " targets" : "") + ")" + (exceeded ? ": exceeded" : "");
  }
}
