package io.remoteservice.agent.report;

import io.remoteservice.agent.inventory.Customer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Server reports and customer notices: records them, answers queries about them, renders the text
 * customers read. Writing is idempotent, because the engine repeats a step whose transaction failed:
 * a report is keyed by its process instance (recording it again replaces it), a notice by a stable id.
 *
 * <p>Writes join the caller's transaction when there is one (the engine's, so a report commits with the
 * step that wrote it) and run in their own otherwise. Notices are only recorded here; sinks deliver them
 * later through {@link #deliverPending(int)}, never inside a process step.
 */
@Service
public class ReportService {

  private static final Logger log = LoggerFactory.getLogger(ReportService.class);

  private static final String REPORT_COLUMNS = "process_instance_id, campaign_id, server_id, pool_id, customer_id,"
      + " job_id, job_version, digest, platform, variant, revert_variant, outcome, reason, auto_action_exit,"
      + " auto_action_output, revert_exit, revert_output, reverted, reported_by_action, follow_up_instance_id,"
      + " started_at, ended_at";
  private static final String STEP_COLUMNS = "process_instance_id, seq, name, activity_id, started_at, ended_at,"
      + " step_result";
  private static final String NOTICE_COLUMNS = "id, kind, customer_id, recipients, subject, body,"
      + " process_instance_id, campaign_id, created_at, send_state, sent_at, send_detail";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final List<NoticeSink> sinks;
  private final Clock clock;

  @Autowired
  public ReportService(JdbcTemplate jdbc, PlatformTransactionManager transactions, List<NoticeSink> sinks) {
    this(jdbc, transactions, sinks, Clock.systemUTC());
  }

  ReportService(JdbcTemplate jdbc, PlatformTransactionManager transactions, List<NoticeSink> sinks, Clock clock) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.sinks = sinks == null || sinks.isEmpty() ? List.of(new RecordOnlyNoticeSink()) : List.copyOf(sinks);
    this.clock = clock;
  }

  // ---------------------------------------------------------------- reports

  /**
   * Records the report, replacing an earlier one of the same process instance (an engine retry, or a
   * report completed later with its follow-up). Returns the report as stored.
   */
  public ServerReport record(ServerReport report) {
    tx.executeWithoutResult(status -> {
      Params p = reportParams(report);
      int updated = jdbc.update("UPDATE rsa_server_report SET campaign_id = ?, server_id = ?, pool_id = ?,"
              + " customer_id = ?, job_id = ?, job_version = ?, digest = ?, platform = ?, variant = ?,"
              + " revert_variant = ?, outcome = ?, reason = ?, auto_action_exit = ?, auto_action_output = ?,"
              + " revert_exit = ?, revert_output = ?, reverted = ?, reported_by_action = ?,"
              + " follow_up_instance_id = ?, started_at = ?, ended_at = ?, recorded_at = ?"
              + " WHERE process_instance_id = ?",
          p.skipFirst().time(clock.instant()).text(report.processInstanceId()).values(), p.types());
      if (updated == 0) {
        Params insert = reportParams(report).time(clock.instant());
        jdbc.update("INSERT INTO rsa_server_report (" + REPORT_COLUMNS + ", recorded_at) VALUES ("
            + placeholders(23) + ")", insert.values(), insert.types());
      }
      jdbc.update("DELETE FROM rsa_server_report_step WHERE process_instance_id = ?", report.processInstanceId());
      int seq = 0;
      for (ServerReport.Step s : report.steps()) {
        Params sp = new Params().text(report.processInstanceId()).integer(++seq).text(s.name()).text(s.activityId())
            .time(s.startedAt()).time(s.endedAt()).text(s.result());
        jdbc.update("INSERT INTO rsa_server_report_step (" + STEP_COLUMNS + ") VALUES (" + placeholders(7) + ")",
            sp.values(), sp.types());
      }
      log.info("report of {} recorded: server {}, job {}, outcome {}{}", report.processInstanceId(),
          report.serverId(), report.jobId(), report.outcome(), updated == 0 ? "" : " (replaced an earlier one)");
    });
    return report;
  }

  /**
   * What the server-maintenance process calls at its end: records the report and, unless the AutoAction
   * informed the customer itself ({@code RSA-REPORTED: yes}) or the server's customer is unknown, a
   * {@link Notice.Kind#SERVER_REPORT} notice to the customer's contacts. Both in one transaction.
   *
   * @param customer the report's customer from the inventory; null when the server was unknown to it
   */
  public Recorded recordWithNotice(ServerReport report, Customer customer) {
    if (customer != null && !customer.id().equals(report.customerId())) {
      throw new IllegalArgumentException("report of " + report.processInstanceId() + " is for customer "
          + report.customerId() + " but the notice would go to customer " + customer.id());
    }
    return tx.execute(status -> {
      ServerReport stored = record(report);
      Notice notice = null;
      if (customer != null && !report.reportedByAutoAction()) {
        notice = notice(Notice.of(Notice.Kind.SERVER_REPORT, customer.id(), customer.contacts(),
            ReportText.subject(report), ReportText.render(report), report.processInstanceId(),
            report.campaignId()));
      }
      return new Recorded(stored, notice);
    });
  }

  /** @param notice null when no notice was due (the AutoAction reported itself, or no customer) */
  public record Recorded(ServerReport report, Notice notice) {}

  public Optional<ServerReport> report(String processInstanceId) {
    List<ServerReport> found = reports("SELECT " + REPORT_COLUMNS + " FROM rsa_server_report"
        + " WHERE process_instance_id = ?", processInstanceId);
    return found.stream().findFirst();
  }

  /** Newest first. */
  public List<ServerReport> reports(ReportQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + REPORT_COLUMNS + " FROM rsa_server_report WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "server_id", query.serverId());
    filter(sql, args, "campaign_id", query.campaignId());
    filter(sql, args, "customer_id", query.customerId());
    sql.append(" ORDER BY started_at DESC, process_instance_id DESC LIMIT ?");
    args.add(query.limit());
    return reports(sql.toString(), args.toArray());
  }

  /** Every report of the campaign, by server id. */
  public List<ServerReport> reportsOfCampaign(String campaignId) {
    List<ServerReport> all = new ArrayList<>(reports("SELECT " + REPORT_COLUMNS + " FROM rsa_server_report"
        + " WHERE campaign_id = ?", campaignId));
    all.sort(Comparator.comparing(ServerReport::serverId).thenComparing(ServerReport::startedAt));
    return all;
  }

  public List<ServerReport> reportsOfServer(String serverId, int limit) {
    return reports(new ReportQuery(serverId, null, null, limit));
  }

  public List<ServerReport> reportsOfCustomer(String customerId, int limit) {
    return reports(new ReportQuery(null, null, customerId, limit));
  }

  /** The text of a server report as the customer's notice carries it (no outputs, no secrets). */
  public String render(ServerReport report) {
    return ReportText.render(report);
  }

  // ---------------------------------------------------------------- notices

  /**
   * Records a notice as PENDING. Without an id it gets a stable one (kind, process instance or campaign,
   * customer), so recording the same notice again returns the first one instead of a second notice.
   */
  public Notice notice(Notice notice) {
    String id = notice.id() != null ? notice.id() : stableId(notice);
    return tx.execute(status -> {
      Optional<Notice> existing = noticeById(id);
      if (existing.isPresent()) {
        log.info("notice {} was recorded before; kept as it is", id);
        return existing.get();
      }
      Notice recorded = notice.recorded(id, clock.instant(), notice.sendDetail() == null && recordOnly()
          ? RecordOnlyNoticeSink.DETAIL : notice.sendDetail());
      Params p = new Params().text(recorded.id()).text(recorded.kind().name()).text(recorded.customerId())
          .text(String.join("\n", recorded.recipients())).text(recorded.subject()).text(recorded.body())
          .text(recorded.processInstanceId()).text(recorded.campaignId()).time(recorded.createdAt())
          .text(recorded.sendState().name()).time(recorded.sentAt()).text(recorded.sendDetail());
      jdbc.update("INSERT INTO rsa_notice (" + NOTICE_COLUMNS + ") VALUES (" + placeholders(12) + ")",
          p.values(), p.types());
      log.info("notice {} recorded for customer {} ({} recipients)", id, recorded.customerId(),
          recorded.recipients().size());
      return recorded;
    });
  }

  /** Announces a campaign to one customer's contacts ({@link Notice.Kind#ANNOUNCEMENT}). */
  public Notice announce(Announcement announcement, Customer customer) {
    return notice(Notice.of(Notice.Kind.ANNOUNCEMENT, customer.id(), customer.contacts(),
        ReportText.announcementSubject(announcement, customer), ReportText.renderAnnouncement(announcement, customer),
        announcement.campaignId(), announcement.campaignId()));
  }

  /**
   * The final report of a campaign to one customer ({@link Notice.Kind#CAMPAIGN_REPORT}): one line per
   * server of that customer from the recorded reports, and the servers that never started.
   *
   * @param notStarted server id to why it did not start (deferred: the window closed, ...); may be empty
   */
  public Notice campaignReport(String campaignId, Customer customer, Map<String, String> notStarted) {
    List<ServerReport> own = reportsOfCampaign(campaignId).stream()
        .filter(r -> customer.id().equals(r.customerId())).toList();
    Map<String, String> missing = new LinkedHashMap<>(notStarted == null ? Map.of() : notStarted);
    return notice(Notice.of(Notice.Kind.CAMPAIGN_REPORT, customer.id(), customer.contacts(),
        ReportText.campaignSubject(campaignId, customer), ReportText.renderCampaign(campaignId, customer, own, missing),
        campaignId, campaignId));
  }

  public Optional<Notice> noticeById(String id) {
    return jdbc.query("SELECT " + NOTICE_COLUMNS + " FROM rsa_notice WHERE id = ?", NOTICE, id).stream().findFirst();
  }

  /** Newest first. */
  public List<Notice> notices(NoticeQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + NOTICE_COLUMNS + " FROM rsa_notice WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "customer_id", query.customerId());
    filter(sql, args, "campaign_id", query.campaignId());
    filter(sql, args, "kind", query.kind() == null ? null : query.kind().name());
    filter(sql, args, "process_instance_id", query.processInstanceId());
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(query.limit());
    return jdbc.query(sql.toString(), NOTICE, args.toArray());
  }

  /**
   * Hands up to {@code max} pending notices, oldest first, to the sinks and records what they answered.
   * Meant for a scheduler, outside any process step. Returns how many left PENDING (sent or failed).
   */
  public int deliverPending(int max) {
    List<Notice> pending = jdbc.query("SELECT " + NOTICE_COLUMNS + " FROM rsa_notice WHERE send_state = ?"
        + " ORDER BY created_at, id LIMIT ?", NOTICE, Notice.SendState.PENDING.name(), max);
    int done = 0;
    for (Notice n : pending) {
      NoticeSink.Delivery d = deliver(n);
      Instant at = d.state() == Notice.SendState.PENDING ? null : clock.instant();
      Params p = new Params().text(d.state().name()).time(at).text(Texts.bounded(d.detail(), Texts.SHORT_LIMIT))
          .text(n.id()).text(Notice.SendState.PENDING.name());
      jdbc.update("UPDATE rsa_notice SET send_state = ?, sent_at = ?, send_detail = ? WHERE id = ? AND send_state = ?",
          p.values(), p.types());
      if (d.state() != Notice.SendState.PENDING) {
        done++;
        log.info("notice {} to customer {}: {} ({})", n.id(), n.customerId(), d.state(), d.detail());
      }
    }
    return done;
  }

  private NoticeSink.Delivery deliver(Notice n) {
    List<String> details = new ArrayList<>();
    boolean anySent = false;
    boolean anyFailed = false;
    for (NoticeSink sink : sinks) {
      NoticeSink.Delivery d;
      try {
        d = sink.deliver(n);
      } catch (RuntimeException e) {
        // A sink that throws is treated as a passing fault: the notice waits for the next round.
        d = NoticeSink.Delivery.pending(sink.getClass().getSimpleName() + " failed: " + e.getMessage());
      }
      details.add(d.detail());
      anySent |= d.state() == Notice.SendState.SENT;
      anyFailed |= d.state() == Notice.SendState.FAILED;
    }
    Notice.SendState state = anyFailed ? Notice.SendState.FAILED
        : anySent ? Notice.SendState.SENT : Notice.SendState.PENDING;
    return new NoticeSink.Delivery(state, String.join("; ", details));
  }

  // Says so on the notice at once, so that auditors do not wait for a delivery that cannot happen.
  private boolean recordOnly() {
    return sinks.size() == 1 && sinks.get(0) instanceof RecordOnlyNoticeSink;
  }

  static String stableId(Notice n) {
    return switch (n.kind()) {
      case SERVER_REPORT -> "server-report:" + n.processInstanceId() + ":" + n.customerId();
      case ANNOUNCEMENT -> "announcement:" + n.campaignId() + ":" + n.customerId();
      case CAMPAIGN_REPORT -> "campaign-report:" + n.campaignId() + ":" + n.customerId();
      case ALARM -> "alarm:" + UUID.randomUUID();
    };
  }

  // ---------------------------------------------------------------- rows

  private List<ServerReport> reports(String sql, Object... args) {
    List<ServerReport> rows = jdbc.query(sql, REPORT, args);
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, List<ServerReport.Step>> steps = new LinkedHashMap<>();
    List<String> ids = rows.stream().map(ServerReport::processInstanceId).toList();
    for (int from = 0; from < ids.size(); from += 100) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
      jdbc.query("SELECT " + STEP_COLUMNS + " FROM rsa_server_report_step WHERE process_instance_id IN ("
              + placeholders(chunk.size()) + ") ORDER BY process_instance_id, seq",
          rs -> {
            steps.computeIfAbsent(rs.getString("process_instance_id"), k -> new ArrayList<>())
                .add(new ServerReport.Step(rs.getString("name"), rs.getString("activity_id"),
                    instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("step_result")));
          }, chunk.toArray());
    }
    return rows.stream().map(r -> steps.containsKey(r.processInstanceId())
        ? r.toBuilder().steps(steps.get(r.processInstanceId())).build() : r).toList();
  }

  private static final RowMapper<ServerReport> REPORT = (rs, i) -> new ServerReport(
      rs.getString("process_instance_id"), rs.getString("campaign_id"), rs.getString("server_id"),
      rs.getString("pool_id"), rs.getString("customer_id"), rs.getString("job_id"), rs.getString("job_version"),
      rs.getString("digest"), rs.getString("platform"), rs.getString("variant"), rs.getString("revert_variant"),
      ServerReport.Outcome.parse(rs.getString("outcome")), rs.getString("reason"),
      rs.getObject("auto_action_exit", Integer.class), rs.getString("auto_action_output"),
      rs.getObject("revert_exit", Integer.class), rs.getString("revert_output"), rs.getBoolean("reverted"),
      rs.getBoolean("reported_by_action"), rs.getString("follow_up_instance_id"), instant(rs, "started_at"),
      instant(rs, "ended_at"), List.of());

  private static final RowMapper<Notice> NOTICE = (rs, i) -> {
    String recipients = rs.getString("recipients");
    return new Notice(rs.getString("id"), Notice.Kind.parse(rs.getString("kind")), rs.getString("customer_id"),
        recipients == null || recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split("\n")),
        rs.getString("subject"), rs.getString("body"), rs.getString("process_instance_id"),
        rs.getString("campaign_id"), instant(rs, "created_at"), Notice.SendState.valueOf(rs.getString("send_state")),
        instant(rs, "sent_at"), rs.getString("send_detail"));
  };

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Params reportParams(ServerReport r) {
    return new Params().text(r.processInstanceId()).text(r.campaignId()).text(r.serverId()).text(r.poolId())
        .text(r.customerId()).text(r.jobId()).text(r.jobVersion()).text(r.digest()).text(r.platform())
        .text(r.variant()).text(r.revertVariant()).text(r.outcome().name()).text(r.reason())
        .integer(r.autoActionExit()).text(r.autoActionOutput()).integer(r.revertExit()).text(r.revertOutput())
        .bool(r.reverted()).bool(r.reportedByAutoAction()).text(r.followUpInstanceId()).time(r.startedAt())
        .time(r.endedAt());
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null && !value.isBlank()) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /**
   * Arguments with their SQL types, so that a null binds with its column's type on PostgreSQL too. Long
   * texts bind as VARCHAR: the TEXT columns take them on PostgreSQL and H2 alike.
   */
  private static final class Params {
    private final List<Object> values = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();

    Params text(String v) {
      return add(v, Types.VARCHAR);
    }

    Params integer(Integer v) {
      return add(v, Types.INTEGER);
    }

    Params bool(boolean v) {
      return add(v, Types.BOOLEAN);
    }

    Params time(Instant v) {
      return add(v == null ? null : OffsetDateTime.ofInstant(v, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** For an UPDATE whose key goes last instead of first. */
    Params skipFirst() {
      values.remove(0);
      types.remove(0);
      return this;
    }

    private Params add(Object v, int type) {
      values.add(v);
      types.add(type);
      return this;
    }

    Object[] values() {
      return values.toArray();
    }

    int[] types() {
      return types.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
