package io.remoteservice.agent.report;

/**
 * Which reports to list, newest first; every filter is optional and they combine.
 *
 * @param limit at most this many, 1 to {@value #MAX_LIMIT}; null for {@value #DEFAULT_LIMIT}
 */
public record ReportQuery(String serverId, String campaignId, String customerId, Integer limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public ReportQuery {
    limit = checkedLimit(limit);
  }

  static int checkedLimit(Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }
}
