package io.remoteservice.agent.campaign;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A campaign's start variables, validated.
 *
 * @param jobId         the job package's id
 * @param targets       as written (resolve with {@link TargetSelector})
 * @param canary        servers in the first wave, 0 for none
 * @param parallelism   how many servers may be in maintenance at once over the whole campaign
 * @param failureBudget how many failures the campaign tolerates
 * @param windowStart   no server starts before it
 * @param windowEnd     no server starts at or after it; null for an open end
 */
public record CampaignSettings(String jobId, String targets, int canary, int parallelism,
                               BudgetSetting failureBudget, OffsetDateTime windowStart, OffsetDateTime windowEnd) {

  public static final String JOB_ID = "jobId";
  public static final String TARGETS = "targets";
  public static final String CANARY = "canary";
  public static final String PARALLELISM = "parallelism";
  public static final String FAILURE_BUDGET = "failureBudget";
  public static final String WINDOW_START = "windowStart";
  public static final String WINDOW_END = "windowEnd";

  public static final int DEFAULT_CANARY = 1;
  public static final int DEFAULT_PARALLELISM = 10;
  /** More would only queue in the job executor; the pools' capacity limits real concurrency anyway. */
  public static final int MAX_PARALLELISM = 1000;

  private static final Pattern JOB = Pattern.compile("[a-z0-9-]{1,64}");

  /**
   * Reads and checks the start variables before the targets are known (canary is not compared with them).
   *
   * @throws InvalidCampaignException with every problem, each naming its variable
   */
  public static CampaignSettings parse(Map<String, ?> variables, OffsetDateTime now) {
    return parse(variables, -1, now);
  }

  /**
   * Reads and checks the start variables. Values may be typed (Integer for canary) or text, as a form
   * sends them; a blank value means the default.
   *
   * @param targetCount the number of resolved targets, or -1 when they are not known (yet)
   * @param now         the moment of the check: the default start, and an end before it is an error
   * @throws InvalidCampaignException with every problem, each naming its variable
   */
  public static CampaignSettings parse(Map<String, ?> variables, int targetCount, OffsetDateTime now) {
    List<CampaignProblem> problems = new ArrayList<>();
    String jobId = text(variables, JOB_ID).orElse(null);
    if (jobId == null) {
      problems.add(new CampaignProblem(JOB_ID, "missing; give the id of a job package (its directory name)"));
    } else if (!JOB.matcher(jobId).matches()) {
      problems.add(new CampaignProblem(JOB_ID, "'" + jobId + "' is not a job id ([a-z0-9-], at most 64)"));
    }
    String targets = text(variables, TARGETS).orElse(null);
    if (targets == null) {
      problems.add(new CampaignProblem(TARGETS, "missing; write server ids, pool:ID or tag:NAME, separated by"
          + " commas"));
    }
    Integer canary = integer(variables, CANARY, DEFAULT_CANARY, problems);
    if (canary != null) {
      if (canary < 0) {
        problems.add(new CampaignProblem(CANARY, canary + " is negative; 0 runs no canary, 1 (the default)"
            + " runs one server first"));
      } else if (targetCount >= 0 && canary > targetCount) {
        problems.add(new CampaignProblem(CANARY, canary + " canary servers, but the targets are only "
            + targetCount + "; at most " + targetCount));
      }
    }
    Integer parallelism = integer(variables, PARALLELISM, DEFAULT_PARALLELISM, problems);
    if (parallelism != null && (parallelism < 1 || parallelism > MAX_PARALLELISM)) {
      problems.add(new CampaignProblem(PARALLELISM, parallelism + " is out of range; between 1 and "
          + MAX_PARALLELISM + " servers at once (default " + DEFAULT_PARALLELISM + ")"));
    }
    BudgetSetting budget = BudgetSetting.NONE;
    Object rawBudget = variables.get(FAILURE_BUDGET);
    Optional<String> budgetText = rawBudget instanceof Number n ? Optional.of(n.toString())
        : text(variables, FAILURE_BUDGET);
    if (budgetText.isPresent()) {
      try {
        budget = BudgetSetting.parse(budgetText.get());
      } catch (IllegalArgumentException e) {
        problems.add(new CampaignProblem(FAILURE_BUDGET, e.getMessage()));
      }
    }
    OffsetDateTime start = dateTime(variables, WINDOW_START, problems);
    OffsetDateTime end = dateTime(variables, WINDOW_END, problems);
    if (start == null && text(variables, WINDOW_START).isEmpty()) {
      start = now;
    }
    if (end != null) {
      if (start != null && !end.isAfter(start)) {
        problems.add(new CampaignProblem(WINDOW_END, "the window ends (" + end + ") before it starts ("
            + start + "); windowEnd must be after windowStart"));
      } else if (!end.isAfter(now)) {
        problems.add(new CampaignProblem(WINDOW_END, "the window already closed at " + end + " (now "
            + now.withOffsetSameInstant(end.getOffset()) + "); give a later windowEnd, or none for an open end"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidCampaignException(problems);
    }
    return new CampaignSettings(jobId, targets, canary, parallelism, budget, start, end);
  }

  /** The start variables of a campaign with these settings, as the engine and the REST API take them. */
  public Map<String, Object> toVariables() {
    Map<String, Object> vars = new java.util.LinkedHashMap<>();
    vars.put(JOB_ID, jobId);
    vars.put(TARGETS, targets);
    vars.put(CANARY, canary);
    vars.put(PARALLELISM, parallelism);
    vars.put(FAILURE_BUDGET, failureBudget.toString());
    vars.put(WINDOW_START, windowStart.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    if (windowEnd != null) {
      vars.put(WINDOW_END, windowEnd.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    return vars;
  }

  public Optional<OffsetDateTime> end() {
    return Optional.ofNullable(windowEnd);
  }

  /** Whether a server may start at {@code at}: not before the start, not at or after the end. */
  public boolean windowOpen(OffsetDateTime at) {
    return !at.isBefore(windowStart) && (windowEnd == null || at.isBefore(windowEnd));
  }

  /** Whether the window is over at {@code at}: what is left is deferred. */
  public boolean windowClosed(OffsetDateTime at) {
    return windowEnd != null && !at.isBefore(windowEnd);
  }

  private static Optional<String> text(Map<String, ?> variables, String name) {
    Object value = variables.get(name);
    if (value == null) {
      return Optional.empty();
    }
    String s = value.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static Integer integer(Map<String, ?> variables, String name, int fallback,
                                 List<CampaignProblem> problems) {
    Object value = variables.get(name);
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long l = ((Number) value).longValue();
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
        problems.add(new CampaignProblem(name, value + " is out of range"));
        return null;
      }
      return (int) l;
    }
    Optional<String> text = text(variables, name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      problems.add(new CampaignProblem(name, "'" + text.get() + "' is not a whole number (default " + fallback
          + ")"));
      return null;
    }
  }

  private static OffsetDateTime dateTime(Map<String, ?> variables, String name, List<CampaignProblem> problems) {
    Object value = variables.get(name);
    if (value instanceof OffsetDateTime odt) {
      return odt;
    }
    Optional<String> text = text(variables, name);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.get());
    } catch (DateTimeParseException e) {
      String message;
      try {
        java.time.LocalDateTime.parse(text.get());
        message = "'" + text.get() + "' has no offset, so the moment is ambiguous; add one, e.g. " + text.get()
            + "Z or " + text.get() + "+01:00";
      } catch (DateTimeParseException notLocal) {
        message = "'" + text.get() + "' is not an ISO-8601 date-time with offset, e.g. 2026-11-28T22:00:00+01:00";
      }
      problems.add(new CampaignProblem(name, message));
      return null;
    }
  }
}
