package io.remoteservice.agent.report;

import java.time.Instant;
import java.util.List;

/**
 * A message to a customer's contacts. Customers are legally autonomous: what they were told, and when,
 * is part of the history, so every notice is recorded first ({@link SendState#PENDING}) and a
 * {@link NoticeSink} delivers it afterwards.
 *
 * @param id                null before it is recorded: {@link ReportService#notice} then derives a stable
 *                          id from kind, subject of the notice and customer, so an engine retry records it
 *                          once (an ALARM gets a random id)
 * @param recipients        the customer's contacts at the time of the notice
 * @param body              plain text, bounded to {@value Texts#BODY_LIMIT} characters
 * @param processInstanceId the process instance the notice is about (a server-maintenance run, or the
 *                          campaign)
 * @param createdAt         null before it is recorded
 * @param sentAt            when a sink delivered it (or gave up), null while PENDING
 * @param sendDetail        what the sink said (message id, error), or why it is still pending
 */
public record Notice(String id, Kind kind, String customerId, List<String> recipients, String subject,
    String body, String processInstanceId, String campaignId, Instant createdAt, SendState sendState,
    Instant sentAt, String sendDetail) {

  public enum Kind {
    /** Before a campaign: what will be done, on which servers, in which window. */
    ANNOUNCEMENT,
    /** After one server's maintenance (unless its AutoAction reported itself). */
    SERVER_REPORT,
    /** After a campaign: one line per server of the customer. */
    CAMPAIGN_REPORT,
    /** A finding that needs the customer's attention. */
    ALARM;

    public static Kind parse(String value) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown notice kind '" + value + "'; known: " + List.of(values()));
    }
  }

  public enum SendState {
    /** Recorded, not delivered yet (all notices, until an e-mail or webhook sink exists). */
    PENDING,
    SENT,
    /** A sink gave up; {@code sendDetail} says why. */
    FAILED
  }

  public Notice {
    String context = "notice" + (id == null ? "" : " " + id);
    id = Texts.optional(id, "id", context, 255);
    if (kind == null) {
      throw new IllegalArgumentException(context + ": kind is missing; one of " + List.of(Kind.values()));
    }
    customerId = Texts.required(customerId, "customerId", context, 64);
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    for (String r : recipients) {
      if (r == null || r.isBlank() || r.contains("\n")) {
        throw new IllegalArgumentException(context + ": recipient '" + r + "' of customer " + customerId
            + " is blank or spans lines; list each contact on its own");
      }
    }
    if (String.join("\n", recipients).length() > 4000) {
      throw new IllegalArgumentException(context + ": the recipients of customer " + customerId
          + " take more than 4000 characters; shorten the contacts list (a mailing list address helps)");
    }
    subject = Texts.required(subject, "subject", context, 500);
    if (subject.contains("\n")) {
      throw new IllegalArgumentException(context + ": the subject spans lines: " + subject);
    }
    if (body == null) {
      throw new IllegalArgumentException(context + ": body is missing");
    }
    body = Texts.bounded(body, Texts.BODY_LIMIT);
    processInstanceId = Texts.optional(processInstanceId, "processInstanceId", context, 64);
    campaignId = Texts.optional(campaignId, "campaignId", context, 64);
    if (kind == Kind.SERVER_REPORT && processInstanceId == null) {
      throw new IllegalArgumentException(context + ": a SERVER_REPORT needs the server-maintenance process"
          + " instance id it reports on");
    }
    if ((kind == Kind.ANNOUNCEMENT || kind == Kind.CAMPAIGN_REPORT) && campaignId == null) {
      throw new IllegalArgumentException(context + ": a " + kind + " needs the campaign id");
    }
    sendState = sendState == null ? SendState.PENDING : sendState;
    sendDetail = Texts.bounded(sendDetail, Texts.SHORT_LIMIT);
  }

  /** A notice to record: {@link ReportService#notice} assigns id and creation time. */
  public static Notice of(Kind kind, String customerId, List<String> recipients, String subject, String body,
      String processInstanceId, String campaignId) {
    return new Notice(null, kind, customerId, recipients, subject, body, processInstanceId, campaignId, null,
        SendState.PENDING, null, null);
  }

  Notice recorded(String newId, Instant at, String detail) {
    return new Notice(newId, kind, customerId, recipients, subject, body, processInstanceId, campaignId, at,
        sendState, sentAt, detail);
  }
}
