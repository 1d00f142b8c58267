package io.remoteservice.agent.report;

import io.remoteservice.agent.inventory.Customer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text notices customers read. They say what was done, where, when, with what result and
 * whether it was undone; they never carry program output (it may hold anything the program printed),
 * SSH settings, key paths or run directories. Outputs stay in the report, for auditors.
 */
final class ReportText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ReportText() {
  }

  static String subject(ServerReport r) {
    return "[Remote Service Agent] " + (r.customerId() == null ? "" : r.customerId() + ": ") + "maintenance of "
        + r.serverId() + " " + r.outcome() + " (" + job(r) + ")";
  }

  static String render(ServerReport r) {
    StringBuilder b = new StringBuilder();
    b.append("Maintenance of server ").append(r.serverId()).append(": ").append(r.outcome()).append("\n\n");
    b.append(meaning(r.outcome())).append("\n\n");
    line(b, "What", "job " + job(r) + (r.digest() == null ? "" : ", package " + r.digest()));
    line(b, "Where", "server " + r.serverId() + (r.poolId() == null ? "" : " in pool " + r.poolId())
        + (r.customerId() == null ? "" : " of customer " + r.customerId())
        + (r.platform() == null ? "" : ", platform " + r.platform()));
    line(b, "When", time(r.startedAt()) + " to " + time(r.endedAt()) + " (" + duration(r.duration()) + ")");
    line(b, "Result", r.outcome() + (r.reason() == null ? "" : ": " + r.reason()));
    if (r.variant() != null) {
      line(b, "Program", r.variant() + exit(r.autoActionExit()));
    }
    if (r.revertExit() != null || r.outcome().failed()) {
      line(b, "Way back", (r.revertVariant() == null ? "FailureRevert" : r.revertVariant()) + exit(r.revertExit()));
    }
    line(b, "Reverted", r.reverted() ? "yes, the server runs as it did before" : "no");
    if (r.followUpInstanceId() != null) {
      line(b, "Follow-up", "manual access (process " + r.followUpInstanceId() + ")");
    }
    if (r.campaignId() != null) {
      line(b, "Campaign", r.campaignId());
    }
    line(b, "Reference", r.processInstanceId());
    if (!r.steps().isEmpty()) {
      b.append("\nSteps:\n");
      for (ServerReport.Step s : r.steps()) {
        b.append("  ").append(time(s.startedAt())).append("  ").append(s.name())
            .append(s.duration() == null ? " (did not end)" : " (" + duration(s.duration()) + ")");
        if (s.result() != null) {
          b.append(": ").append(oneLine(s.result()));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  static String meaning(ServerReport.Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> "The maintenance completed successfully and the server is back in service.";
      case REVERTED -> "The maintenance failed. Its way back (FailureRevert) restored the previous state and the"
          + " server is back in service. Our operators will arrange manual access with your local administrator.";
      case REVERT_FAILED -> "The maintenance failed and its way back failed too. The server stays out of its pool,"
          + " so no user reaches it, until it is repaired; our operators will contact your local administrator.";
      case SKIPPED -> "The maintenance did not start (the campaign was paused, aborted, outside its window or over"
          + " its failure budget). Nothing was changed.";
      case NOT_CHANGED -> "The checks before the maintenance did not pass. Nothing was changed and the server"
          + " stayed in service.";
    };
  }

  static String campaignSubject(String campaignId, Customer customer) {
    return "[Remote Service Agent] " + customer.id() + ": report of maintenance campaign " + campaignId;
  }

  static String renderCampaign(String campaignId, Customer customer, List<ServerReport> reports,
      Map<String, String> notStarted) {
    StringBuilder b = new StringBuilder();
    b.append("Maintenance campaign ").append(campaignId).append(" for ")
        .append(customer.name() == null ? customer.id() : customer.name()).append("\n\n");
    Map<ServerReport.Outcome, Integer> counts = new EnumMap<>(ServerReport.Outcome.class);
    reports.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
    b.append("Servers: ").append(reports.size() + notStarted.size());
    counts.forEach((o, n) -> b.append(", ").append(o).append(' ').append(n));
    if (!notStarted.isEmpty()) {
      b.append(", not started ").append(notStarted.size());
    }
    b.append("\n\n");
    for (ServerReport r : reports) {
      b.append("  ").append(r.serverId()).append(": ").append(r.outcome())
          .append(", ").append(job(r))
          .append(r.variant() == null ? "" : ", " + r.variant())
          .append(", ").append(time(r.startedAt())).append(" (").append(duration(r.duration())).append(")")
          .append(r.reverted() ? ", reverted" : "")
          .append(r.followUpInstanceId() == null ? "" : ", manual access open (process " + r.followUpInstanceId() + ")")
          .append(r.reason() == null ? "" : ": " + oneLine(r.reason()))
          .append('\n');
    }
    notStarted.forEach((server, why) -> b.append("  ").append(server).append(": not started")
        .append(why == null || why.isBlank() ? "" : ": " + oneLine(why)).append('\n'));
    return b.toString();
  }

  static String announcementSubject(Announcement a, Customer customer) {
    return "[Remote Service Agent] " + customer.id() + ": announced maintenance "
        + (a.jobTitle() == null ? a.jobId() : a.jobTitle()) + " from " + time(a.windowStart());
  }

  static String renderAnnouncement(Announcement a, Customer customer) {
    StringBuilder b = new StringBuilder();
    b.append("Announced maintenance for ").append(customer.name() == null ? customer.id() : customer.name())
        .append("\n\n");
    line(b, "Job", a.jobId() + (a.jobVersion() == null ? "" : " version " + a.jobVersion())
        + (a.jobTitle() == null ? "" : ": " + a.jobTitle()));
    if (a.digest() != null) {
      line(b, "Package", a.digest());
    }
    line(b, "Window", time(a.windowStart()) + " to " + (a.windowEnd() == null ? "open end" : time(a.windowEnd())));
    line(b, "Servers", a.serverIds().isEmpty() ? "-" : String.join(", ", a.serverIds()));
    line(b, "Campaign", a.campaignId());
    if (a.summary() != null && !a.summary().isBlank()) {
      b.append('\n').append(a.summary().strip()).append('\n');
    }
    b.append("\nEach server is taken out of its pool only after its users have left it, and returned when the"
        + " work is done. You receive a report afterwards.\n");
    return b.toString();
  }

  private static String job(ServerReport r) {
    return r.jobId() + (r.jobVersion() == null ? "" : " version " + r.jobVersion());
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-10s %s", label + ":", value)).append('\n');
  }

  private static String exit(Integer code) {
    return code == null ? " (no exit code)" : " (exit code " + code + ")";
  }

  private static String oneLine(String text) {
    String flat = text.strip().replaceAll("\\s*\\R\\s*", " / ");
    return flat.length() > 300 ? flat.substring(0, 300) + " ..." : flat;
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
