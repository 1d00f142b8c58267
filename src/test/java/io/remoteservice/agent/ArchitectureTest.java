package io.remoteservice.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The domain does not know the engine: only process/ (and the engine's own setup) bridge the two. */
class ArchitectureTest {

  static final String[] DOMAIN = {
      "io.remoteservice.agent.inventory..", "io.remoteservice.agent.pool..", "io.remoteservice.agent.remote..",
      "io.remoteservice.agent.job..", "io.remoteservice.agent.campaign..", "io.remoteservice.agent.report..",
      "io.remoteservice.agent.audit..", "io.remoteservice.agent.maintenance.."};

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.remoteservice.agent");
  }

  @Test
  void domainPackagesDoNotImportCamunda() {
    noClasses().that().resideInAnyPackage(DOMAIN)
        .should().dependOnClassesThat().resideInAnyPackage("org.camunda..")
        .because("domain packages must stay usable and testable without the engine (STYLE.md)")
        .check(classes);
  }

  @Test
  void ruleSeesTheDomain() {
    // Guards the rule above against passing vacuously when packages are renamed.
    org.assertj.core.api.Assertions.assertThat(classes.stream()
            .filter(c -> c.getPackageName().startsWith("io.remoteservice.agent.job")
                || c.getPackageName().startsWith("io.remoteservice.agent.remote")))
        .isNotEmpty();
  }

  @Test
  void domainDoesNotReachIntoTheProcessLayer() {
    noClasses().that().resideInAnyPackage(DOMAIN)
        .should().dependOnClassesThat().resideInAnyPackage("io.remoteservice.agent.process..")
        .check(classes);
  }

  @Test
  void onlyTheDemoRunsAnSshServer() {
    noClasses().that().resideOutsideOfPackage("io.remoteservice.agent.demo..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..")
        .because("the MINA simulator serves the demo profile's fleet only; the agent speaks SSH through JSch")
        .check(classes);
  }

  @Test
  void nothingOutsideTheDemoReachesIntoIt() {
    noClasses().that().resideOutsideOfPackage("io.remoteservice.agent.demo..")
        .should().dependOnClassesThat().resideInAnyPackage("io.remoteservice.agent.demo..")
        .because("the demo fleet is switched on by the demo profile alone (DemoConfiguration)")
        .check(classes);
    noClasses().that().resideInAnyPackage("io.remoteservice.agent.demo..")
        .should().dependOnClassesThat().resideInAnyPackage("org.camunda..")
        .check(classes);
  }
}
