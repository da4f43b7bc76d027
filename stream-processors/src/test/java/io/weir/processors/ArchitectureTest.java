package io.weir.processors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module and package boundaries of the stream processors (STYLE.md rule 1). */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir.processors");

    @Test
    void appsMeetOnlyThroughSchemas() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.weir.controlplane..", "io.weir.dataplane..", "io.weir.cdc..", "io.weir.harness..")
                .check(classes);
    }

    @Test
    void aggregatesArePureFunctionsWithoutKafkaOrQuarkus() {
        noClasses().that().resideInAPackage("io.weir.processors.aggregate..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta..")
                .check(classes);
    }

    @Test
    void onlyTheCommandPackageWritesCommandResults() {
        noClasses().that().resideOutsideOfPackage("io.weir.processors.command..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.weir.schema.command.CommandResult")
                .check(classes);
    }
}
