package io.remoteservice.agent.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The job package is plain domain code: no engine, no SSH, no Spring. */
class JobPackageDependenciesTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.remoteservice.agent.job");

  @Test
  void noCamundaNoSshNoSpring() {
    noClasses().that().resideInAPackage("io.remoteservice.agent.job..")
        .should().dependOnClassesThat().resideInAnyPackage("org.camunda..", "com.jcraft..", "org.springframework..")
        .check(classes);
  }
}
