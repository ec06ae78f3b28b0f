package ferry.router;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled main classes of all three modules:
 * dependencies between the modules point one way ({@code router → dicom-net → dicom-core}), and no package depends,
 * through any path, on a package that depends on it. A rule broken names the classes and the dependency that break it.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("ferry");
    }

    @Test
    void theMainClassesOfAllThreeModulesAreChecked() {
        assertThat(main.containPackage("ferry.core.data")).as("dicom-core").isTrue();
        assertThat(main.containPackage("ferry.net.assoc")).as("dicom-net").isTrue();
        assertThat(main.containPackage("ferry.router.run")).as("router").isTrue();
        assertThat(main.containPackage("ferry.router.testing")).as("test classes").isFalse();
        assertThat(main.containPackage("ferry.core.testing")).as("dicom-core's test jar").isFalse();
    }

    @Test
    void routerPackagesFormNoCycle() {
        slices().matching("ferry.router.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void dicomCoreAndDicomNetPackagesFormNoCycle() {
        slices().matching("ferry.core.(**)").should().beFreeOfCycles().check(main);
        slices().matching("ferry.net.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void dicomCoreDependsOnNeitherDicomNetNorRouter() {
        noClasses().that().resideInAPackage("ferry.core..")
                .should().dependOnClassesThat().resideInAnyPackage("ferry.net..", "ferry.router..")
                .check(main);
    }

    @Test
    void dicomNetDependsOnNothingOfRouter() {
        noClasses().that().resideInAPackage("ferry.net..")
                .should().dependOnClassesThat().resideInAPackage("ferry.router..")
                .check(main);
    }

    @Test
    void theYamlToolkitKnowsNoFeature() {
        noClasses().that().resideInAPackage("ferry.router.config.yaml")
                .should().dependOnClassesThat(resideInAPackage("ferry.router..")
                        .and(not(resideInAPackage("ferry.router.config.yaml"))))
                .check(main);
    }

    @Test
    void onlyTheCommandsAndTheServiceUseTheAssembledConfiguration() {
        noClasses().that(resideInAPackage("ferry.router..")
                        .and(not(resideInAnyPackage("ferry.router.config", "ferry.router.run", "ferry.router.cli"))))
                .should().dependOnClassesThat().resideInAPackage("ferry.router.config")
                .check(main);
    }

    @Test
    void theServiceDoesNotUseTheCommands() {
        noClasses().that().resideInAPackage("ferry.router.run")
                .should().dependOnClassesThat().resideInAPackage("ferry.router.cli")
                .check(main);
    }
}
