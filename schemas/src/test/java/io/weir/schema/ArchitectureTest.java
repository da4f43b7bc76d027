package io.weir.schema;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** schemas/ is the shared contract: it may depend on nothing of Weir's apps or tools, nor on Quarkus. */
class ArchitectureTest {

    private final JavaClasses contracts = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir.schema");

    @Test
    void contractsDependOnNoAppAndNoHarness() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.weir.controlplane..", "io.weir.dataplane..", "io.weir.processors..",
                        "io.weir.cdc..", "io.weir.harness..", "io.weir.local..")
                .check(contracts);
    }

    @Test
    void contractsAreFrameworkFree() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..")
                .check(contracts);
    }
}
