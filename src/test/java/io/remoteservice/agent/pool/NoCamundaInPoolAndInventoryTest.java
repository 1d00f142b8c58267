package io.remoteservice.agent.pool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class NoCamundaInPoolAndInventoryTest {

  @Test
  void poolAndInventoryDoNotDependOnTheEngine() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.remoteservice.agent.pool", "io.remoteservice.agent.inventory");
    noClasses().should().dependOnClassesThat().resideInAPackage("org.camunda..").check(classes);
  }
}
