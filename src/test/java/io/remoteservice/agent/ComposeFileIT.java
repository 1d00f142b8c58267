package io.remoteservice.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose file is valid, and the Dockerfile builds what it should. There is no Docker engine here:
 * validate, don't run (issue 2, must-show 5).
 */
class ComposeFileIT {

  @Test
  void composeFileIsValid() throws Exception {
    assertThat(new File("/usr/bin/docker-compose")).as("docker-compose (Debian package docker-compose;"
        + " ./run-tests installs it)").exists();
    Process p = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  void composeWiresThePostgresProfileWithoutSecrets() throws Exception {
    String compose = Files.readString(Path.of("docker-compose.yml"));
    assertThat(compose).contains("SPRING_PROFILES_ACTIVE: postgres").contains("RSA_DB_URL: jdbc:postgresql://db:5432/agent")
        .contains("RSA_ADMIN_PASSWORD: ${RSA_ADMIN_PASSWORD:-}").contains("POSTGRES_PASSWORD: ${RSA_DB_PASSWORD:-}");
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile).contains("COPY processes processes").contains("COPY forms forms")
        .contains("remote-service-agent.jar").contains("USER rsa");
  }
}
