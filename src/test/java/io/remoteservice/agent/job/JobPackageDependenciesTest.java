package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job package is plain domain code: no engine, no SSH, no Spring. Reads the compiled classes'
 * constant pools (every referenced class is named there), which is much faster than a full ArchUnit
 * import on these shared machines.
 */
class JobPackageDependenciesTest {

  private static final List<String> FORBIDDEN = List.of("org/camunda/", "com/jcraft/", "org/springframework/");

  @Test
  void noCamundaNoSshNoSpring() throws Exception {
    Path classes = Path.of(JobPackage.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("io/remoteservice/agent/job");
    List<Path> files;
    try (var stream = Files.list(classes)) {
      files = stream.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).as("compiled classes of the job package").hasSizeGreaterThan(10);
    for (Path f : files) {
      String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(FORBIDDEN).as(f.getFileName().toString()).noneMatch(pool::contains);
    }
  }
}
