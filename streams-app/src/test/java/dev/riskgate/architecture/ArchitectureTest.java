package dev.riskgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The package rules: each package's package-info.java says what it owns and may import; these rules hold the
 * structure to it from now on (main code only). Every static {@link ArchRule} field below is checked, one test each.
 */
class ArchitectureTest {
  /** Screening and what it is made of: pure of the process that runs it and of the tools around it. */
  private static final String[] SCREENING = {"dev.riskgate.topology..", "dev.riskgate.card..",
    "dev.riskgate.merchant..", "dev.riskgate.screening..", "dev.riskgate.decision..", "dev.riskgate.status..",
    "dev.riskgate.stores..", "dev.riskgate.features..", "dev.riskgate.rules..", "dev.riskgate.rulesets..",
    "dev.riskgate.validation..", "dev.riskgate.privacy.."};

  static final ArchRule noCyclesBetweenPackages = slices().matching("dev.riskgate.(*)..").should().beFreeOfCycles();

  static final ArchRule screeningNeverImportsTheRuntimeTheCommandsOrTheAnalystTools = noClasses()
      .that().resideInAnyPackage(SCREENING)
      .should().dependOnClassesThat().resideInAnyPackage("dev.riskgate.runtime..", "dev.riskgate.cli..",
          "dev.riskgate.analyst..", "dev.riskgate.backtest..", "dev.riskgate.replay..", "dev.riskgate.detection..");

  static final ArchRule theRuleEngineIsPure = noClasses().that().resideInAPackage("dev.riskgate.rules..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.riskgate.topics..");

  static final ArchRule theRuntimeIsOnlyTheRunner = classes().that().resideInAPackage("dev.riskgate.runtime..")
      .should().onlyHaveDependentClassesThat().resideInAnyPackage("dev.riskgate.runtime..", "dev.riskgate.cli..");

  static final ArchRule cardAndMerchantSidesDoNotReachIntoEachOther = noClasses()
      .that().resideInAPackage("dev.riskgate.card..")
      .should().dependOnClassesThat().resideInAPackage("dev.riskgate.merchant..")
      .andShould().dependOnClassesThat().resideInAPackage("dev.riskgate.topology..");

  static final ArchRule theMerchantSideDoesNotReachIntoTheCardSide = noClasses()
      .that().resideInAPackage("dev.riskgate.merchant..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.riskgate.card..", "dev.riskgate.topology..");

  static final ArchRule maskingLivesInOnePlace = methods().that().haveNameMatching("mask([A-Z]\\w*)?")
      .should().beDeclaredInClassesThat().resideInAPackage("dev.riskgate.privacy..");

  static final ArchRule theRegistryClientDoesNotDependOnTheSerdes = noClasses()
      .that().resideInAPackage("dev.riskgate.registry..")
      .should().dependOnClassesThat().resideInAPackage("dev.riskgate.serde..");

  @TestFactory
  List<DynamicTest> everyRuleHolds() throws IllegalAccessException {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // schemas' classes come from its jar when this module builds alone; its test jar is not main code
        .withImportOption(location -> !location.contains("-tests.jar")).importPackages("dev.riskgate");
    List<DynamicTest> tests = new ArrayList<>();
    for (Field field : ArchitectureTest.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ArchRule.class) {
        ArchRule rule = (ArchRule) field.get(null);
        tests.add(DynamicTest.dynamicTest(field.getName(), () -> rule.check(main)));
      }
    }
    return tests;
  }
}
