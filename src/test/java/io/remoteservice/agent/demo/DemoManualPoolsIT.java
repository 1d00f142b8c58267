package io.remoteservice.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.report.ServerReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo without HAProxy: its pools use the manual driver, so every load-balancer step of a campaign is a
 * task in Tasklist for the operators, as the README's quick start says. A campaign of the demo users over
 * two servers, each step worked as a person would.
 */
@SpringBootTest
@ActiveProfiles("demo")
class DemoManualPoolsIT {

  static final Path DIR = Path.of("target", "demo-manual-it").toAbsolutePath();

  @DynamicPropertySource
  static void demo(DynamicPropertyRegistry registry) {
    org.springframework.util.FileSystemUtils.deleteRecursively(DIR.toFile());
    registry.add("rsa.demo.dir", DIR::toString);
    registry.add("rsa.demo.load-balancer", () -> "manual");
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:demo-manual;DB_CLOSE_DELAY=-1");
  }

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired ReportService reports;
  @Autowired DemoFleet fleet;

  @AfterEach
  void nobody() {
    identity.clearAuthentication();
  }

  @Test
  void everyPoolStepOfACampaignIsATaskForTheOperatorsAndTheServersComeBack() {
    assertThat(fleet.balanced()).isFalse();
    as("operator", "operators");
    ProcessInstance campaign = runtime.startProcessInstanceByKey("maintenance-campaign", Map.of(
        "jobId", "rotate-logs", "targets", "kb-term-01, kb-term-02", "canary", 1, "parallelism", 2,
        "failureBudget", "0"));
    work("operator", "operators", "Confirm the campaign: targets, plan and README", Map.of("confirmed", true));
    work("approver", "approvers", "Approve the campaign", Map.of("approved", true));

    List<String> steps = new ArrayList<>();
    await("the campaign over two manual-pool servers ends, its pool steps worked by the operator")
        .atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
          as("operator", "operators");
          for (Task t : tasks.createTaskQuery().taskCandidateGroup("operators").list()) {
            if (t.getName().endsWith("in the pool console")
                || t.getName().startsWith("Clear sticky sessions in the pool console")) {
              tasks.claim(t.getId(), "operator");
              tasks.complete(t.getId(), Map.of("poolStepDone", true));
              steps.add(t.getName());
            }
          }
          return runtime.createProcessInstanceQuery().processInstanceId(campaign.getId()).count() == 0;
        });

    assertThat(steps).as("each server: drain, confirm the users are gone, take out, put back")
        .filteredOn(s -> s.startsWith("Drain the server")).hasSize(2);
    assertThat(steps).filteredOn(s -> s.startsWith("Put the server back")).hasSize(2);
    List<ServerReport> done = reports.reportsOfCampaign(campaign.getId());
    assertThat(done).extracting(ServerReport::serverId).containsExactlyInAnyOrder("kb-term-01", "kb-term-02");
    assertThat(done).allSatisfy(r -> assertThat(r.outcome()).hasToString("SUCCEEDED"));
    assertThat(DIR.resolve("servers/kb-term-01/var/log/portal")).isDirectoryContaining("glob:**/app.log.*.gz");
  }

  private void work(String user, String group, String name, Map<String, Object> variables) {
    Task task = await(name).atMost(Duration.ofSeconds(60)).until(() -> {
      as(user, group);
      return tasks.createTaskQuery().taskName(name).taskCandidateGroup(group).singleResult();
    }, t -> t != null);
    // The wait polls in a thread of its own; the authentication is per thread.
    as(user, group);
    tasks.claim(task.getId(), user);
    tasks.complete(task.getId(), variables);
  }

  private void as(String user, String group) {
    identity.setAuthentication(user, List.of(group));
  }
}
