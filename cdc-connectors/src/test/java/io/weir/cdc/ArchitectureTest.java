package io.weir.cdc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module and package boundaries of the CDC connectors (STYLE.md rule 1). */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir.cdc");

    @Test
    void appsMeetOnlyThroughSchemas() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.weir.controlplane..", "io.weir.dataplane..", "io.weir.processors..", "io.weir.harness..")
                .check(classes);
    }

    @Test
    void theEngineAndItsRecordsKnowNothingOfQuarkus() {
        noClasses().that().resideInAnyPackage("io.weir.cdc.engine..", "io.weir.cdc.change..", "io.weir.cdc.catalog..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..")
                .check(classes);
    }
}
