package io.remoteservice.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.remoteservice.agent.RemoteServiceAgentApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/**
 * A broken configuration stops the agent at once with a message that names what to fix
 * (issue 2, must-show 4). Each case starts the real application and fails before it would serve.
 */
class BrokenConfigurationIT {

  @TempDir Path dir;

  Throwable start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
    if (!List.of(args).contains("--spring.profiles.active=postgres")) {
      all.add("--spring.datasource.url=jdbc:h2:mem:broken-" + System.nanoTime());
    }
    all.addAll(List.of(args));
    return catchThrowable(() -> new SpringApplicationBuilder(RemoteServiceAgentApplication.class)
        .environment(new StandardEnvironment() {
          @Override
          protected void customizePropertySources(org.springframework.core.env.MutablePropertySources sources) {
            // No RSA_* from the machine's environment: each case states exactly what it sets.
          }
        })
        .run(all.toArray(String[]::new)).close());
  }

  String analysis(Throwable failure) {
    FailureAnalysis analysis = new StartupFailureAnalyzer(new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/agent")).analyze(failure);
    return analysis == null ? failure.toString() : analysis.getDescription() + " / " + analysis.getAction();
  }

  @Test
  void missingAdministrator() {
    Throwable failure = start();
    assertThat(failure).isInstanceOf(AgentConfigurationException.class);
    assertThat(analysis(failure)).contains("RSA_ADMIN_USER").contains("RSA_ADMIN_PASSWORD").contains("demo");
  }

  @Test
  void weakAdministratorPassword() {
    Throwable failure = start("--rsa.admin.user=operations", "--rsa.admin.password=short");
    assertThat(analysis(failure)).contains("RSA_ADMIN_PASSWORD").contains("password policy");
  }

  @Test
  void unreachableDatabase() {
    Throwable failure = start("--spring.profiles.active=postgres", "--rsa.admin.user=operations",
        "--rsa.admin.password=Vault-Key-2026!", "--RSA_DB_URL=jdbc:postgresql://127.0.0.1:1/agent",
        "--RSA_DB_USER=agent");
    assertThat(failure).isNotNull();
    assertThat(analysis(failure)).contains("cannot use its database at jdbc:postgresql://127.0.0.1:1/agent")
        .contains("RSA_DB_URL");
  }

  @Test
  void missingDatabaseUrlUnderThePostgresProfile() {
    Throwable failure = start("--spring.profiles.active=postgres", "--rsa.admin.user=operations",
        "--rsa.admin.password=Vault-Key-2026!");
    assertThat(failure).isInstanceOf(AgentConfigurationException.class);
    assertThat(analysis(failure)).contains("RSA_DB_URL is not set");
  }

  @Test
  void missingInventoryFile() {
    Throwable failure = start("--rsa.admin.user=operations", "--rsa.admin.password=Vault-Key-2026!",
        "--rsa.inventory=" + dir.resolve("nowhere.yaml"));
    assertThat(failure).hasStackTraceContaining("rsa.inventory").hasStackTraceContaining("nowhere.yaml")
        .hasStackTraceContaining("does not exist");
  }

  @Test
  void unreadableInventoryFile() throws Exception {
    Path inventory = Files.writeString(dir.resolve("inventory.yaml"), "servers: []\n");
    Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("---------"));
    // root reads any file whatever its mode; a directory in its place is unreadable as a file for everyone.
    Path target = Files.isReadable(inventory) ? Files.createDirectory(dir.resolve("inventory.d")) : inventory;
    Throwable failure = start("--rsa.admin.user=operations", "--rsa.admin.password=Vault-Key-2026!",
        "--rsa.inventory=" + target);
    assertThat(failure).hasStackTraceContaining("rsa.inventory").hasStackTraceContaining(target.getFileName().toString());
  }

  @Test
  void badDuration() {
    Throwable failure = start("--rsa.admin.user=operations", "--rsa.admin.password=Vault-Key-2026!",
        "--rsa.timers.up-poll=-PT5S");
    assertThat(failure).hasStackTraceContaining("timers.upPoll").hasStackTraceContaining("positive");
  }
}
