package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.campaign.BudgetSetting;
import io.remoteservice.agent.campaign.CampaignProgress;
import io.remoteservice.agent.campaign.RerunSelection;
import io.remoteservice.agent.campaign.ServerState;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.report.ServerReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A campaign's progress, pause / resume / abort, and "run again for the failed and deferred servers".
 * A campaign's id is its process instance id, also its business key. Requests run as the logged-in
 * Camunda user, so a re-run's initiator is whoever asked for it and it needs approval anew.
 */
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

  static final String CAMPAIGN = "maintenance-campaign";
  static final String SERVER_MAINTENANCE = "server-maintenance";
  static final Map<String, String> MESSAGES = Map.of(
      "pause", "CampaignPause", "resume", "CampaignResume", "abort", "CampaignAbort");

  private final RuntimeService runtime;
  private final HistoryService history;
  private final CampaignSupport campaigns;
  private final InventoryService inventory;
  private final IdentityService identity;

  CampaignController(RuntimeService runtime, HistoryService history, CampaignSupport campaigns,
      InventoryService inventory, IdentityService identity) {
    this.identity = identity;
    this.runtime = runtime;
    this.history = history;
    this.campaigns = campaigns;
    this.inventory = inventory;
  }

  /**
   * Progress is for every reader of the agent's API (operators, approvers, auditors, administrators, as
   * the web security allows); it reads across the campaign and its children without the caller's own
   * engine authorizations, which give approvers no history, and changes nothing.
   */
  @GetMapping("/{id}")
  ResponseEntity<?> progress(@PathVariable String id) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      HistoricProcessInstance campaign = history.createHistoricProcessInstanceQuery().processInstanceId(id)
          .processDefinitionKey(CAMPAIGN).singleResult();
      if (campaign == null) {
        return notFound(id);
      }
      return ResponseEntity.ok(progressOf(campaign));
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  @PostMapping("/{id}/{control:pause|resume|abort}")
  ResponseEntity<?> control(@PathVariable String id, @PathVariable String control) {
    ProcessInstance running = runtime.createProcessInstanceQuery().processInstanceId(id)
        .processDefinitionKey(CAMPAIGN).singleResult();
    if (running == null) {
      return history.createHistoricProcessInstanceQuery().processInstanceId(id).count() == 0 ? notFound(id)
          : ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "campaign " + id + " has ended"));
    }
    if (runtime.createExecutionQuery().processInstanceId(id).messageEventSubscriptionName(MESSAGES.get(control))
        .count() == 0) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "campaign " + id
          + " cannot be " + control + "d now: it has not been approved yet"));
    }
    runtime.createMessageCorrelation(MESSAGES.get(control)).processInstanceBusinessKey(id).correlate();
    return ResponseEntity.accepted().body(Map.of("campaign", id, "requested", control));
  }

  @PostMapping("/{id}/rerun")
  ResponseEntity<?> rerun(@PathVariable String id) {
    HistoricProcessInstance campaign = history.createHistoricProcessInstanceQuery().processInstanceId(id)
        .processDefinitionKey(CAMPAIGN).singleResult();
    if (campaign == null) {
      return notFound(id);
    }
    if (campaign.getEndTime() == null) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "campaign " + id
          + " is still running; run again once it has ended"));
    }
    CampaignProgress progress = progressOf(campaign);
    RerunSelection selection = RerunSelection.from(progress.states());
    if (selection.isEmpty()) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "campaign " + id
          + " has no failed, skipped or deferred server to run again"));
    }
    Map<String, Object> old = variables(id);
    VariableMap start = Variables.createVariables()
        .putValueTyped(JOB_ID.name(), JOB_ID.typed((String) old.get(JOB_ID.name())))
        .putValueTyped(TARGETS.name(), TARGETS.typed(selection.targets()))
        .putValueTyped(CANARY.name(), CANARY.typed(Math.min(1, selection.failed().size() + selection.notRun().size())))
        .putValueTyped(PARALLELISM.name(), PARALLELISM.typed((Integer) old.getOrDefault(PARALLELISM.name(), 10)))
        .putValueTyped(FAILURE_BUDGET.name(), FAILURE_BUDGET.typed((String) old.getOrDefault(FAILURE_BUDGET.name(), "0")));
    ProcessInstance again = runtime.startProcessInstanceByKey(CAMPAIGN, start);
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("campaign", again.getId(), "rerunOf", id,
        "targets", selection.targets()));
  }

  private CampaignProgress progressOf(HistoricProcessInstance campaign) {
    String id = campaign.getId();
    Map<String, Object> vars = variables(id);
    List<String> canary = campaigns.split((String) vars.get(CANARY_SERVERS.name()));
    List<String> servers = new ArrayList<>(canary);
    servers.addAll(campaigns.split((String) vars.get(ROLLOUT_SERVERS.name())));
    Map<String, ServerReport> reports = campaigns.latestReports(id);
    Set<String> running = runtime.createProcessInstanceQuery().processDefinitionKey(SERVER_MAINTENANCE)
        .processInstanceBusinessKey(id).list().stream()
        .map(pi -> (String) runtime.getVariable(pi.getId(), SERVER_ID.name())).collect(Collectors.toSet());
    boolean finished = campaign.getEndTime() != null;
    // A server that never started in an ended campaign: stopped (abort, canary or budget decision) or
    // deferred (its window closed).
    String stopped = Boolean.TRUE.equals(vars.get(ABORTED.name())) ? "the campaign was aborted"
        : "abort".equals(vars.get(CANARY_DECISION.name())) ? "the campaign stopped after the canary failed"
        : "abort".equals(vars.get(BUDGET_DECISION.name())) ? "the campaign stopped: failure budget exceeded"
        : null;
    Inventory current = inventory.current();
    List<CampaignProgress.ServerProgress> progress = new ArrayList<>();
    for (String serverId : servers) {
      ServerReport report = reports.get(serverId);
      ServerState state = report != null ? ServerState.parse(report.outcome().name())
          : running.contains(serverId) ? ServerState.RUNNING
          : !finished ? ServerState.PENDING
          : stopped != null ? ServerState.SKIPPED : ServerState.DEFERRED;
      Server server = current.server(serverId).orElse(null);
      String pool = server == null ? null : server.pool();
      String customer = server == null ? null : current.poolOf(server).customer();
      progress.add(new CampaignProgress.ServerProgress(serverId, pool, customer, canary.contains(serverId), state,
          report != null ? report.reason() : finished ? (stopped != null ? stopped : "its window closed") : null));
    }
    String budget = (String) vars.getOrDefault(FAILURE_BUDGET.name(), "0");
    return CampaignProgress.of(id, (String) vars.get(JOB_ID.name()), BudgetSetting.parse(budget), progress,
        Boolean.TRUE.equals(vars.get(PAUSED.name())), Boolean.TRUE.equals(vars.get(ABORTED.name())), finished);
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> vars = new HashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).list()) {
      if (v.getActivityInstanceId() == null || v.getActivityInstanceId().equals(processInstanceId)) {
        vars.put(v.getName(), v.getValue());
      }
    }
    return vars;
  }

  private static ResponseEntity<Map<String, String>> notFound(String id) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", "no campaign with id " + id);
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
  }
}
