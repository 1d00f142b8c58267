package io.remoteservice.agent.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Reports and notices, read-only, for operators, approvers and auditors (the security configuration
 * decides who reaches {@code /api/**}). The list shows summaries; one report shows everything,
 * outputs and steps included.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class ReportController {

  private final ReportService reports;

  ReportController(ReportService reports) {
    this.reports = reports;
  }

  /** One line of the list: what an auditor scans before opening a report. */
  record ReportSummary(String processInstanceId, String campaignId, String serverId, String poolId,
      String customerId, String jobId, String jobVersion, String variant, ServerReport.Outcome outcome,
      String reason, Integer autoActionExit, boolean reverted, String followUpInstanceId, Instant startedAt,
      Instant endedAt, long durationSeconds, String href) {

    static ReportSummary of(ServerReport r) {
      return new ReportSummary(r.processInstanceId(), r.campaignId(), r.serverId(), r.poolId(), r.customerId(),
          r.jobId(), r.jobVersion(), r.variant(), r.outcome(), r.reason(), r.autoActionExit(), r.reverted(),
          r.followUpInstanceId(), r.startedAt(), r.endedAt(), r.duration().toSeconds(),
          "/api/reports/" + r.processInstanceId());
    }
  }

  /** A whole report, with its duration and the text the customer's notice carries. */
  record ReportView(ServerReport report, long durationSeconds, String text) {}

  @GetMapping("/reports")
  List<ReportSummary> reports(@RequestParam(required = false) String serverId,
      @RequestParam(required = false) String campaignId, @RequestParam(required = false) String customerId,
      @RequestParam(required = false) Integer limit) {
    return reports.reports(new ReportQuery(serverId, campaignId, customerId, limit)).stream()
        .map(ReportSummary::of).toList();
  }

  @GetMapping("/reports/{processInstanceId}")
  ResponseEntity<?> report(@PathVariable String processInstanceId) {
    return reports.report(processInstanceId)
        .<ResponseEntity<?>>map(r -> ResponseEntity.ok(new ReportView(r, r.duration().toSeconds(), reports.render(r))))
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no report for process instance '" + processInstanceId
            + "'; a report is written when a server-maintenance run ends (list them at /api/reports)"));
  }

  @GetMapping("/notices")
  List<Notice> notices(@RequestParam(required = false) String customerId,
      @RequestParam(required = false) String campaignId, @RequestParam(required = false) String kind,
      @RequestParam(required = false) String processInstanceId, @RequestParam(required = false) Integer limit) {
    return reports.notices(new NoticeQuery(customerId, campaignId, kind == null || kind.isBlank() ? null
        : Notice.Kind.parse(kind), processInstanceId, limit));
  }

  @GetMapping("/notices/{id}")
  ResponseEntity<?> notice(@PathVariable String id) {
    return reports.noticeById(id).<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no notice '" + id + "' (list them at /api/notices)"));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> badParameter(MethodArgumentTypeMismatchException e) {
    return error(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' must be a number, got '" + e.getValue() + "'");
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
