package io.remoteservice.agent.report;

/**
 * Which notices to list, newest first; every filter is optional and they combine.
 *
 * @param kind  null for every kind
 * @param limit 1 to {@value ReportQuery#MAX_LIMIT}; null for {@value ReportQuery#DEFAULT_LIMIT}
 */
public record NoticeQuery(String customerId, String campaignId, Notice.Kind kind, String processInstanceId,
    Integer limit) {

  public NoticeQuery {
    limit = ReportQuery.checkedLimit(limit);
  }
}
