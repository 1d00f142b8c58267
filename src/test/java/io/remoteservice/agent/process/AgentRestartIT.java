package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent killed hard (SIGKILL) while an AutoAction runs, then started again on the same PostgreSQL
 * database: the run is found and collected instead of started again, the AutoAction ran exactly once,
 * and the server returns to its pool (safety invariant 6). Uses the real jar in separate JVMs.
 */
@ExtendWith(FleetExtension.class)
class AgentRestartIT {

  static final Path JAR = Path.of("target", "remote-service-agent.jar");
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<Process> agents = new ArrayList<>();

  @Test
  void aRunningAutoActionSurvivesAHardKillOfTheAgent() throws Exception {
    assertThat(JAR).as("the packaged agent (mvn package runs before the ITs)").exists();
    MaintenanceFixture fixture = new MaintenanceFixture("app", 2);
    TestDatabase db = Fleet.shared().postgres(AgentRestartIT.class);
    FleetServer server = fixture.servers().get(0);
    Path hold = Files.writeString(server.files().resolve("hold"), "");
    Path counter = server.files().resolve("counter");
    try {
      int port = freePort();
      Process first = start(fixture, db, port, "agent-restart-1.log");
      awaitHealthy(port);
      String pi = startMaintenance(port, server, fixture.digest());
      // The AutoAction has started on the server and holds there until the hold file goes.
      await().atMost(Duration.ofMinutes(2)).until(() -> MaintenanceFixture.lines(counter) == 1);
      assertThat(fixture.status(server)).isEqualTo("MAINT");

      first.destroyForcibly().waitFor();
      Files.delete(hold); // the AutoAction ends while no agent runs

      int secondPort = freePort();
      start(fixture, db, secondPort, "agent-restart-2.log");
      awaitHealthy(secondPort);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
          get(secondPort, "/engine-rest/history/process-instance/" + pi).contains("\"state\":\"COMPLETED\""));
      String outcome = get(secondPort, "/engine-rest/history/variable-instance?processInstanceId=" + pi
          + "&variableName=outcome");
      assertThat(outcome).contains("\"value\":\"SUCCEEDED\"");
      assertThat(MaintenanceFixture.lines(counter)).as("the AutoAction ran once").isEqualTo(1);
      fixture.awaitUp(server);
    } finally {
      Files.deleteIfExists(hold);
      for (Process agent : agents) {
        agent.destroy();
        if (!agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          agent.destroyForcibly().waitFor();
        }
      }
    }
  }

  Process start(MaintenanceFixture fixture, TestDatabase db, int port, String logName) throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "test-artifacts", "AgentRestartIT"));
    Path workDir = Files.createDirectories(logs.resolve("work"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
        "--server.port=" + port, "--spring.profiles.active=postgres",
        "--RSA_DB_URL=" + db.url(), "--RSA_DB_USER=" + db.user(), "--RSA_DB_PASSWORD=" + db.password(),
        "--rsa.admin.user=" + AgentTest.ADMIN, "--rsa.admin.password=" + AgentTest.PASSWORD,
        "--rsa.inventory=" + fixture.inventory, "--rsa.jobs=" + fixture.jobs,
        "--rsa.timers.auto-action-poll=PT1S", "--rsa.timers.drain-poll=PT1S", "--rsa.timers.capacity-retry=PT1S",
        "--rsa.timers.up-poll=PT1S",
        // A job locked by the killed node is taken over once its lock expires: keep that short here.
        "--camunda.bpm.job-execution.lock-time-in-millis=10000",
        "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=1000"));
    Process agent = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(logs.resolve(logName).toFile()).start();
    agents.add(agent);
    return agent;
  }

  void awaitHealthy(int port) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> get(port, "/actuator/health").contains("\"UP\""));
  }

  String startMaintenance(int port, FleetServer server, String digest) throws Exception {
    String body = """
        {"variables": {
          "serverId": {"value": "%s", "type": "String"},
          "jobId": {"value": "%s", "type": "String"},
          "approvedDigest": {"value": "%s", "type": "String"}}}""".formatted(server.id(), MaintenanceFixture.JOB, digest);
    HttpResponse<String> response = http.send(request(port, "/engine-rest/process-definition/key/server-maintenance/start")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  String get(int port, String path) throws Exception {
    return http.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  HttpRequest.Builder request(int port, String path) {
    String auth = Base64.getEncoder().encodeToString((AgentTest.ADMIN + ":" + AgentTest.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(10));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
