package io.remoteservice.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteservice.agent.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job check} through the agent's command line, on the example packages and on broken ones. */
class JobCommandTest {

  private static final Path PORTAL = Path.of("jobs/update-portal-config");
  private static final Path ROTATE = Path.of("jobs/rotate-logs");

  @TempDir
  Path tmp;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void examplePortalPackageIsValid() throws Exception {
    Run r = run("job", "check", PORTAL.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    String digest = JobPackage.load(PORTAL).digest();
    assertThat(r.out())
        .contains("id:       update-portal-config")
        .contains("version:  1")
        .contains("digest:   " + digest)
        .containsPattern("AutoAction variants:\n  generic +AutoAction.sh\n")
        .containsPattern("FailureRevert variants:\n  generic +FailureRevert.sh\n")
        .contains("portal_config = /etc/portal/portal.conf");
    assertThat(digest).isEqualTo(PackageDigest.compute(JobPackage.load(PORTAL).fileEntries()));
  }

  @Test
  void exampleRotatePackageShowsItsVariants() {
    Run r = run("job", "check", ROTATE.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("id:       rotate-logs")
        .containsPattern("digest:   sha256:[0-9a-f]{64}\n")
        .containsPattern("AutoAction variants:\n  debian +AutoAction.debian.sh\n  unix +AutoAction.unix.sh\n")
        .containsPattern("FailureRevert variants:\n  generic +FailureRevert.sh\n");
  }

  @Test
  void examplesInJson() throws Exception {
    Run r = run("job", "check", ROTATE.toString(), "--json");

    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("valid").asBoolean()).isTrue();
    assertThat(json.get("id").asText()).isEqualTo("rotate-logs");
    assertThat(json.get("version").asText()).isEqualTo("1");
    assertThat(json.get("digest").asText()).isEqualTo(JobPackage.load(ROTATE).digest());
    assertThat(json.at("/variants/AutoAction/0/variant").asText()).isEqualTo("debian");
    assertThat(json.at("/variants/AutoAction/0/file").asText()).isEqualTo("AutoAction.debian.sh");
    assertThat(json.at("/variants/FailureRevert/0/variant").asText()).isEqualTo("generic");
    assertThat(json.at("/timeouts/autoAction").asText()).isEqualTo("PT20M");
    assertThat(json.at("/parameters/log_dir").asText()).isEqualTo("/var/log/portal");
    assertThat(json.get("files")).anySatisfy(f -> {
      assertThat(f.get("path").asText()).isEqualTo("AutoAction.unix.sh");
      assertThat(f.get("executable").asBoolean()).isTrue();
    });
    assertThat(json.get("problems")).isEmpty();
  }

  @Test
  void escapingPathMalformedManifestAndNoReadmeExitTwoNamingEachProblem() throws Exception {
    Path outside = Files.writeString(tmp.resolve("passwd"), "root:x:0:0\n");
    Path dir = TestPackages.valid(tmp, "broken")
        .delete("README.md")
        .file("job.yaml", "id: broken\nversion: 1\ntitle: [oops\n")
        .symlink("files/passwd", outside.toString())
        .dir();

    Run r = run("job", "check", dir.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("is invalid: 3 problems")
        .contains("README.md: is missing")
        .containsPattern("job\\.yaml:\\d+:\\d+: not valid YAML")
        .contains("files/passwd: is a symbolic link to " + outside + ", which escapes the package")
        .doesNotContain("digest");
  }

  @Test
  void eachBrokenPackageExitsTwo() {
    Path noReadme = TestPackages.valid(tmp, "no-readme").delete("README.md").dir();
    Path badYaml = TestPackages.valid(tmp, "bad-yaml").file("job.yaml", "id: bad-yaml\n  version: 1\n").dir();
    Path escaping = TestPackages.valid(tmp, "escaping").symlink("files/up", "../..").dir();

    assertThat(run("job", "check", noReadme.toString())).satisfies(r -> {
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).contains("README.md: is missing");
    });
    assertThat(run("job", "check", badYaml.toString())).satisfies(r -> {
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).containsPattern("job\\.yaml:2:\\d+: not valid YAML");
    });
    assertThat(run("job", "check", escaping.toString())).satisfies(r -> {
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).contains("files/up: is a symbolic link to ../.., which escapes the package");
    });
  }

  @Test
  void problemsInJson() throws Exception {
    Path dir = TestPackages.valid(tmp, "job")
        .file("job.yaml", TestPackages.MANIFEST.formatted("job") + "colour: red\n").dir();

    Run r = run("job", "check", "--json", dir.toString());

    assertThat(r.exit()).isEqualTo(2);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.has("digest")).isFalse();
    assertThat(json.get("problems")).singleElement().satisfies(p -> {
      assertThat(p.get("file").asText()).isEqualTo("job.yaml");
      assertThat(p.get("field").asText()).isEqualTo("colour");
      assertThat(p.get("line").asInt()).isEqualTo(6);
      assertThat(p.get("message").asText()).contains("unknown key");
    });
  }

  @Test
  void usageAndIoErrorsExitOne() {
    assertThat(run("job").exit()).isEqualTo(1);
    assertThat(run("job", "check").exit()).isEqualTo(1);
    assertThat(run("job", "check", "a", "b").exit()).isEqualTo(1);
    assertThat(run("job", "check", "--yaml", PORTAL.toString()).exit()).isEqualTo(1);
    assertThat(run("job", "lint", PORTAL.toString()).exit()).isEqualTo(1);
    Run missing = run("job", "check", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("does not exist");
    Run file = run("job", "check", PORTAL.resolve("job.yaml").toString());
    assertThat(file.exit()).isEqualTo(1);
    assertThat(file.err()).contains("is not a directory");
    assertThat(run("job", "--help").exit()).isZero();
  }
}
