package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.*;

import io.remoteservice.agent.campaign.CampaignPreparation;
import io.remoteservice.agent.campaign.InvalidCampaignException;
import io.remoteservice.agent.campaign.Plan;
import io.remoteservice.agent.campaign.PlannedJob;
import io.remoteservice.agent.campaign.PreflightResult;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.maintenance.MaintenanceRefusal;
import io.remoteservice.agent.maintenance.MaintenanceSteps;
import io.remoteservice.agent.remote.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_PlanCampaign: the campaign's id becomes its business key; the start variables, the job and the
 * targets are checked together (every problem at once); every target is preflighted while it stays in
 * its pool; the plan is computed and the package digest that will be approved is fixed.
 */
@Component
class PlanCampaignDelegate implements JavaDelegate {

  /** Preflights at once: enough to keep a large campaign's planning short, few enough for one node. */
  static final int PREFLIGHT_THREADS = 8;

  private final CampaignPreparation preparation;
  private final MaintenanceSteps steps;

  PlanCampaignDelegate(CampaignPreparation preparation, MaintenanceSteps steps) {
    this.preparation = preparation;
    this.steps = steps;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignId = execution.getProcessInstanceId();
    execution.setProcessBusinessKey(campaignId);
    CampaignPreparation.Prepared prepared;
    try {
      prepared = preparation.prepare(execution.getVariables());
    } catch (InvalidCampaignException e) {
      String reason = e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
      REASON.on(execution, PoolStepVariables.bounded(reason));
      throw new BpmnError("CAMPAIGN_INVALID", reason);
    }
    String digest = prepared.job().digest();
    Map<String, PreflightResult> preflight = preflight(prepared.targets(), prepared.settings().jobId(), digest,
        "preflight-" + campaignId);
    Plan plan = Plan.compute(prepared.inventory(), PlannedJob.of(prepared.job()), prepared.targets(),
        prepared.settings(), preflight);

    List<String> runnable = prepared.targets().stream().map(Server::id)
        .filter(id -> preflight.get(id) != null && preflight.get(id).ok()).toList();
    List<String> canary = plan.canary().stream().filter(runnable::contains).toList();
    List<String> rollout = plan.order().stream().filter(id -> runnable.contains(id) && !canary.contains(id)).toList();

    APPROVED_DIGEST.on(execution, digest);
    JOB_TITLE.on(execution, prepared.job().manifest().title());
    JOB_VERSION.on(execution, String.valueOf(prepared.job().manifest().version()));
    JOB_README.on(execution, PoolStepVariables.bounded(readme(prepared)));
    PLAN_TEXT.on(execution, PoolStepVariables.bounded(plan.toMarkdown()));
    PREFLIGHT_FINDINGS.on(execution, PoolStepVariables.bounded(plan.findings().isEmpty() ? "none"
        : plan.findings().stream().map(Object::toString).collect(Collectors.joining("\n"))));
    CANARY_SERVERS.on(execution, CampaignSupport.join(canary));
    ROLLOUT_SERVERS.on(execution, CampaignSupport.join(rollout));
    TARGET_COUNT.on(execution, prepared.targets().size());
    BUDGET_LIMIT.on(execution, plan.failureBudgetLimit());
    CANARY.on(execution, prepared.settings().canary());
    PARALLELISM.on(execution, prepared.settings().parallelism());
    FAILURE_BUDGET.on(execution, prepared.settings().failureBudget().toString());
    OffsetDateTime start = prepared.settings().windowStart() != null ? prepared.settings().windowStart()
        : OffsetDateTime.now();
    WINDOW_START.on(execution, start.toString());
    WINDOW_END.on(execution, prepared.settings().windowEnd() == null ? null : prepared.settings().windowEnd().toString());
    PAUSED.on(execution, false);
    ABORTED.on(execution, false);
    BUDGET_OVERRIDE.on(execution, false);
    BUDGET_EXCEEDED.on(execution, false);
    FAILURES.on(execution, 0);
  }

  private Map<String, PreflightResult> preflight(List<Server> targets, String jobId, String digest, String runId) {
    Map<String, PreflightResult> results = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PREFLIGHT_THREADS, Math.max(1, targets.size())));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Server server : targets) {
        running.add(pool.submit(() -> results.put(server.id(), preflightOne(server.id(), jobId, digest, runId))));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preflighting the campaign's targets", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("preflight failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private PreflightResult preflightOne(String serverId, String jobId, String digest, String runId) {
    try {
      return PreflightResult.probed(platform(steps.preflight(serverId, jobId, digest, runId).platform()));
    } catch (MaintenanceRefusal refusal) {
      return PreflightResult.failed(refusal.code() + ": " + refusal.getMessage());
    } catch (RuntimeException e) {
      return PreflightResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Reads {@code os-release-arch} back; the release may itself contain dashes. */
  static Platform platform(String text) {
    int first = text.indexOf('-');
    int last = text.lastIndexOf('-');
    if (first < 0 || last <= first) {
      return new Platform("unix", text, "", "");
    }
    String os = text.substring(0, first);
    return new Platform("windows".equals(os) ? "windows" : "unix", os, text.substring(first + 1, last),
        text.substring(last + 1));
  }

  private static String readme(CampaignPreparation.Prepared prepared) {
    try {
      return Files.readString(prepared.job().directory().resolve("README.md"));
    } catch (IOException e) {
      return "(README.md could not be read: " + e.getMessage() + ")";
    }
  }
}
