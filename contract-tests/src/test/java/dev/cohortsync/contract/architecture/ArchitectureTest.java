package dev.cohortsync.contract.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules on the production classes of every module: dependency direction, layering and habits. */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    // The modules arrive as jars in this module's test run: keep the main jars, drop test classes
    // and the sync engine's test-jar.
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.cohortsync");
    assertThat(production.contain(dev.cohortsync.emulator.Emulator.class)).as("emulator classes imported").isTrue();
    assertThat(production.contain(dev.cohortsync.sync.SyncEngine.class)).as("engine classes imported").isTrue();
    assertThat(production.stream().anyMatch(c -> c.getPackageName().contains(".testing")))
        .as("test classes left out").isFalse();
  }

  @Test
  void fakesDoNotDependOnTheSyncEngine() {
    noClasses().that().resideInAnyPackage("dev.cohortsync.emulator.segment..", "dev.cohortsync.emulator.amplitude..")
        .should().dependOnClassesThat().resideInAPackage("dev.cohortsync.sync..")
        .check(production);
  }

  @Test
  void engineDoesNotDependOnTheEmulator() {
    noClasses().that().resideInAPackage("dev.cohortsync.sync..")
        .should().dependOnClassesThat().resideInAPackage("dev.cohortsync.emulator..")
        .check(production);
  }

  @Test
  void fakesDoNotDependOnEachOther() {
    noClasses().that().resideInAPackage("dev.cohortsync.emulator.segment..")
        .should().dependOnClassesThat().resideInAPackage("dev.cohortsync.emulator.amplitude..")
        .check(production);
    noClasses().that().resideInAPackage("dev.cohortsync.emulator.amplitude..")
        .should().dependOnClassesThat().resideInAPackage("dev.cohortsync.emulator.segment..")
        .check(production);
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirFeature() {
    for (String feature : new String[] {
        "dev.cohortsync.sync", "dev.cohortsync.emulator.segment", "dev.cohortsync.emulator.amplitude"}) {
      noClasses().that().resideOutsideOfPackage(feature + "..")
          .should().dependOnClassesThat().resideInAPackage(feature + ".internal..")
          .because("only " + feature + " may reach into its internal package")
          .check(production);
    }
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("dev.cohortsync.emulator.(*)..").should().beFreeOfCycles().check(production);
  }

  @Test
  void onlyTheCommandLineWritesToStandardStreams() {
    noClasses().that().resideOutsideOfPackage("dev.cohortsync.emulator.cli..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("services log through SLF4J; only commands print for their user")
        .check(production);
  }

  @Test
  void caseConversionNamesItsLocale() {
    noClasses().should().callMethod(String.class, "toLowerCase")
        .orShould().callMethod(String.class, "toUpperCase")
        .because("the default locale changes letters (Turkish dotless i); pass " + Locale.class.getSimpleName()
            + ".ROOT")
        .check(production);
  }
}
