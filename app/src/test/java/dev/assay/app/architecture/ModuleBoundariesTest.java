package dev.assay.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph: store <- labeling; store <- reward-trainer <- guardrail-service; ui and app on top.
 * Modules are told apart by their root packages: {@code dev.assay.store} and {@code dev.assay.platform}
 * (preference-store), {@code dev.assay.labeling}, {@code dev.assay.trainer}, {@code dev.assay.guardrail},
 * {@code dev.assay.ui} and {@code dev.assay.app}.
 */
class ModuleBoundariesTest {
  private static final String STORE = "dev.assay.store..";
  private static final String PLATFORM = "dev.assay.platform..";
  private static final String LABELING = "dev.assay.labeling..";
  private static final String TRAINER = "dev.assay.trainer..";
  private static final String GUARDRAIL = "dev.assay.guardrail..";
  private static final String UI = "dev.assay.ui..";
  private static final String APP = "dev.assay.app..";

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.assay");
    assertThat(production.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .as("every module's classes are on the classpath")
        .contains("store", "platform", "labeling", "trainer", "guardrail", "ui", "app");
  }

  @Test
  void theStoreDependsOnNoOtherModule() {
    noClasses().that().resideInAnyPackage(STORE, PLATFORM)
        .should().dependOnClassesThat().resideInAnyPackage(LABELING, TRAINER, GUARDRAIL, UI, APP)
        .check(production);
  }

  @Test
  void labelingKnowsNeitherTrainingNorServing() {
    noClasses().that().resideInAPackage(LABELING)
        .should().dependOnClassesThat().resideInAnyPackage(TRAINER, GUARDRAIL, UI, APP)
        .check(production);
  }

  @Test
  void trainingNeverDependsOnServingOrLabeling() {
    noClasses().that().resideInAPackage(TRAINER)
        .should().dependOnClassesThat().resideInAnyPackage(GUARDRAIL, LABELING, UI, APP)
        .check(production);
  }

  @Test
  void servingDependsOnTheStoreAndTrainingOnly() {
    noClasses().that().resideInAPackage(GUARDRAIL)
        .should().dependOnClassesThat().resideInAnyPackage(LABELING, UI, APP)
        .check(production);
  }

  @Test
  void onlyTheAppDependsOnTheUi() {
    noClasses().that().resideOutsideOfPackages(UI, APP)
        .should().dependOnClassesThat().resideInAPackage(UI)
        .check(production);
  }

  @Test
  void nothingDependsOnTheApp() {
    noClasses().that().resideOutsideOfPackage(APP)
        .should().dependOnClassesThat().resideInAPackage(APP)
        .check(production);
  }

  @Test
  void onlyThePreferenceStoreNamesItsTablesInSql() {
    storeSqlRule().check(production);
  }

  @Test
  void theSqlRuleCatchesAStoreTableNamedElsewhere() {
    JavaClasses offender = new ClassFileImporter().importClasses(OffendingRepository.class);
    assertThatThrownBy(() -> storeSqlRule().check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("preference")
        .hasMessageContaining(OffendingRepository.class.getSimpleName());
  }

  private static ArchRule storeSqlRule() {
    return classes().that().resideOutsideOfPackages(STORE, PLATFORM)
        .should(StoreTableSql.notNameAStoreTable())
        .allowEmptyShould(true);
  }

  /** A class outside the store with SQL of its own on a store table: what the rule must refuse. */
  static final class OffendingRepository {
    static final String JUDGEMENTS = "SELECT id, choice FROM preference WHERE rater = ?";
  }
}
