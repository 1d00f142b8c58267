package io.remoteservice.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The agent as its users meet it: nothing anonymous reaches the engine, every request runs as its Camunda
 * user, and each group can do what it is for and nothing more (issue 2, must-show 1 and 3).
 */
@AgentTest
class AccessIT {

  static final String PASSWORD = "Member-Pass-42!";

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;
  @LocalServerPort int port;

  @BeforeEach
  void users() {
    user("itoperator", Groups.OPERATORS);
    user("itapprover", Groups.APPROVERS);
    user("itauditor", Groups.AUDITORS);
  }

  void user(String id, String group) {
    TestUsers.ensure(identity, id, group, PASSWORD);
  }

  TestRestTemplate as(String user) {
    return rest.withBasicAuth(user, user.equals(AgentTest.ADMIN) ? AgentTest.PASSWORD : PASSWORD);
  }

  @Test
  void anonymousRequestsGetNothing() {
    for (String path : List.of("/engine-rest/engine", "/engine-rest/task", "/engine-rest/process-definition",
        "/engine-rest/history/process-instance", "/api/pools", "/actuator/prometheus")) {
      ResponseEntity<String> response = rest.getForEntity(path, String.class);
      assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Basic");
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    // A user of its own: after a failed attempt the engine delays that user's next login (brute force).
    user("itvictim", Groups.OPERATORS);
    assertThat(rest.withBasicAuth("itvictim", "wrong").getForEntity("/engine-rest/engine", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.withBasicAuth("itvictim", PASSWORD).getForEntity("/engine-rest/engine", String.class)
        .getStatusCode()).as("locked for a moment after a wrong password").isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void administratorReachesTheEngine() {
    ResponseEntity<String> response = as(AgentTest.ADMIN).getForEntity("/engine-rest/engine", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("default");
  }

  @Test
  void requestsRunAsTheAuthenticatedUser() {
    ResponseEntity<Map> groups = as("itoperator")
        .getForEntity("/engine-rest/identity/groups?userId=itoperator", Map.class);
    assertThat(groups.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(groups.getBody().toString()).contains(Groups.OPERATORS);
    Task task = tasks.newTask();
    task.setName("Claim me");
    tasks.saveTask(task);
    tasks.addCandidateGroup(task.getId(), Groups.OPERATORS);
    try {
      ResponseEntity<String> claim = as("itoperator").exchange("/engine-rest/task/" + task.getId() + "/claim",
          HttpMethod.POST, json("{\"userId\":\"itoperator\"}"), String.class);
      assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
      // The engine recorded who acted: the operator, not an anonymous or technical user.
      assertThat(history.createUserOperationLogQuery().taskId(task.getId()).operationType("Claim").singleResult()
          .getUserId()).isEqualTo("itoperator");
    } finally {
      tasks.deleteTask(task.getId(), true);
    }
  }

  @Test
  void healthIsOpenButItsDetailsAreNot() {
    ResponseEntity<String> health = rest.getForEntity("/actuator/health", String.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).contains("\"status\":\"UP\"").doesNotContain("components");
    ResponseEntity<String> detailed = as(AgentTest.ADMIN).getForEntity("/actuator/health", String.class);
    assertThat(detailed.getBody()).contains("\"db\"").contains("\"processEngine\"");
  }

  @Test
  void prometheusMetricsForAdministrators() {
    assertThat(as("itauditor").getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> metrics = as(AgentTest.ADMIN).getForEntity("/actuator/prometheus", String.class);
    assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(metrics.getBody()).contains("jvm_memory_used_bytes");
  }

  @Test
  void onlyHealthAndPrometheusAreExposed() {
    for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump")) {
      assertThat(as(AgentTest.ADMIN).getForEntity(path, String.class).getStatusCode()).as(path)
          .isEqualTo(HttpStatus.NOT_FOUND);
    }
  }

  @Test
  void auditorCannotStartAProcess() {
    ResponseEntity<String> response = as("itauditor").exchange(
        "/engine-rest/process-definition/key/manual-access/start", HttpMethod.POST, json("{}"), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getBody()).contains("itauditor").contains("CREATE");
  }

  @Test
  void operatorCannotStartTheInternalProcesses() {
    // Operators start campaigns; the per-server processes are the engine's to start.
    ResponseEntity<String> response = as("itoperator").exchange(
        "/engine-rest/process-definition/key/manual-access/start", HttpMethod.POST, json("{}"), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void auditorReadsHistoryButChangesNothing() {
    assertThat(as("itauditor").getForEntity("/engine-rest/history/process-instance", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(as("itauditor").getForEntity("/engine-rest/history/user-operation", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<String> suspend = as("itauditor").exchange("/engine-rest/process-definition/key/manual-access/suspended",
        HttpMethod.PUT, json("{\"suspended\":true,\"includeProcessInstances\":true}"), String.class);
    assertThat(suspend.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> deploy = as("itauditor").exchange("/engine-rest/deployment/create", HttpMethod.POST,
        multipart(), String.class);
    assertThat(deploy.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void tasksAreVisibleOnlyToTheGroupsTheyAreOfferedTo() {
    Task approval = tasks.newTask();
    approval.setName("Approve it-test");
    tasks.saveTask(approval);
    tasks.addCandidateGroup(approval.getId(), Groups.APPROVERS);
    Task operatorTask = tasks.newTask();
    operatorTask.setName("Operate it-test");
    tasks.saveTask(operatorTask);
    tasks.addCandidateGroup(operatorTask.getId(), Groups.OPERATORS);
    try {
      assertThat(as("itoperator").getForEntity("/engine-rest/task", String.class).getBody())
          .contains(operatorTask.getId()).doesNotContain(approval.getId());
      // The engine answers "no such task" rather than confirming that it exists.
      assertThat(as("itoperator").getForEntity("/engine-rest/task/" + approval.getId(), String.class)
          .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      assertThat(as("itapprover").getForEntity("/engine-rest/task", String.class).getBody())
          .contains(approval.getId()).doesNotContain(operatorTask.getId());
      assertThat(as("itauditor").getForEntity("/engine-rest/task", String.class).getBody())
          .doesNotContain(approval.getId()).doesNotContain(operatorTask.getId());
      ResponseEntity<String> foreignComplete = as("itoperator").exchange(
          "/engine-rest/task/" + approval.getId() + "/complete", HttpMethod.POST, json("{}"), String.class);
      assertThat(foreignComplete.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      ResponseEntity<String> ownComplete = as("itapprover").exchange(
          "/engine-rest/task/" + approval.getId() + "/complete", HttpMethod.POST, json("{}"), String.class);
      assertThat(ownComplete.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      for (String id : List.of(approval.getId(), operatorTask.getId())) {
        if (tasks.createTaskQuery().taskId(id).count() > 0) {
          tasks.deleteTask(id, true);
        }
      }
    }
  }

  @Test
  void everyDiagramAndFormIsDeployedFromTheTopLevelFolders() throws Exception {
    List<String> deployed = repository.createDeploymentQuery().list().stream()
        .flatMap(d -> repository.getDeploymentResources(d.getId()).stream())
        .map(Resource::getName).map(n -> Path.of(n).getFileName().toString()).toList();
    for (String folder : List.of("processes", "forms")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        List<String> names = files.map(f -> f.getFileName().toString()).toList();
        assertThat(names).as(folder).isNotEmpty();
        assertThat(deployed).as("deployed resources").containsAll(names);
      }
    }
  }

  @Test
  void historyIsKeptAsConfigured() {
    repository.createProcessDefinitionQuery().list().forEach(d ->
        assertThat(d.getHistoryTimeToLive()).as(d.getKey()).isEqualTo(3650));
  }

  @Test
  void tasklistLoginWorksForOperatorsAndNotForAuditors() {
    assertThat(rest.getForEntity("/camunda/app/tasklist/default/", String.class).getBody())
        .contains("<html").containsIgnoringCase("tasklist");
    assertThat(webappLogin("itoperator", "tasklist")).isEqualTo(HttpStatus.OK);
    assertThat(webappLogin("itauditor", "tasklist")).isIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
    assertThat(webappLogin("itauditor", "cockpit")).isEqualTo(HttpStatus.OK);
  }

  HttpStatus webappLogin(String user, String app) {
    // The webapps protect their API with a CSRF token that the first page load hands out as a cookie.
    ResponseEntity<String> page = rest.getForEntity("/camunda/app/" + app + "/default/", String.class);
    String cookies = String.join("; ", page.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()).stream()
        .map(c -> c.split(";", 2)[0]).toList());
    String token = page.getHeaders().getFirst("X-XSRF-TOKEN");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.add(HttpHeaders.COOKIE, cookies);
    if (token != null) {
      headers.add("X-XSRF-TOKEN", token);
    }
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", user);
    form.add("password", PASSWORD);
    ResponseEntity<String> login = rest.postForEntity("/camunda/api/admin/auth/user/default/login/" + app,
        new HttpEntity<>(form, headers), String.class);
    return HttpStatus.valueOf(login.getStatusCode().value());
  }

  static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  static HttpEntity<MultiValueMap<String, Object>> multipart() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("deployment-name", "sneaky");
    HttpHeaders part = new HttpHeaders();
    part.setContentDispositionFormData("data", "sneaky.bpmn");
    part.setContentType(MediaType.APPLICATION_XML);
    body.add("data", new HttpEntity<>(org.camunda.bpm.model.bpmn.Bpmn.convertToString(
        org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("sneaky").camundaHistoryTimeToLive(1)
            .startEvent().endEvent().done()), part));
    return new HttpEntity<>(body, headers);
  }
}
