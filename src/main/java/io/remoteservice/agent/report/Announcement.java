package io.remoteservice.agent.report;

import java.time.Instant;
import java.util.List;

/**
 * What a campaign tells a customer before it starts.
 *
 * @param summary     the job README's summary (what, why, risk, duration, contact), as the approver saw it
 * @param serverIds   the customer's servers in the campaign
 * @param windowStart when the first server may start
 * @param windowEnd   after this no server starts; null for an open-ended window
 */
public record Announcement(String campaignId, String jobId, String jobTitle, String jobVersion, String digest,
    String summary, List<String> serverIds, Instant windowStart, Instant windowEnd) {

  public Announcement {
    campaignId = Texts.required(campaignId, "campaignId", "announcement", 64);
    jobId = Texts.required(jobId, "jobId", "announcement of campaign " + campaignId, 255);
    serverIds = serverIds == null ? List.of() : List.copyOf(serverIds);
    if (windowStart == null) {
      throw new IllegalArgumentException("announcement of campaign " + campaignId + ": windowStart is missing");
    }
    if (windowEnd != null && windowEnd.isBefore(windowStart)) {
      throw new IllegalArgumentException("announcement of campaign " + campaignId + ": window ends (" + windowEnd
          + ") before it starts (" + windowStart + ")");
    }
  }
}
