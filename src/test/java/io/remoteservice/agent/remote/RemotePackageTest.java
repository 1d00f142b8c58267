package io.remoteservice.agent.remote;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The remote library is domain code without the engine, and it never relaxes host key checking. */
class RemotePackageTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.remoteservice.agent.remote");

  @Test
  void doesNotDependOnCamunda() {
    noClasses().should().dependOnClassesThat().resideInAPackage("org.camunda..").check(classes);
  }

  @Test
  void hostKeysAreCheckedStrictlyAndMlKemIsNotOffered() {
    assertThat(RemoteShell.SESSION_CONFIG).containsEntry("StrictHostKeyChecking", "yes")
        .containsEntry("PreferredAuthentications", "publickey");
    assertThat(RemoteShell.KEX).doesNotContain("mlkem").startsWith("curve25519-sha256");
    assertThat(RemoteShell.HOST_KEY_ALGORITHMS).doesNotContain("cert");
  }
}
