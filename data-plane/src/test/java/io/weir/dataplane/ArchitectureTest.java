package io.weir.dataplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module and package boundaries of the edge node (STYLE.md rule 1). */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir.dataplane");

    @Test
    void appsMeetOnlyThroughSchemas() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.weir.controlplane..", "io.weir.processors..", "io.weir.cdc..", "io.weir.harness..")
                .check(classes);
    }

    @Test
    void routingAndAuthKnowNothingOfKafkaOrTheProtocol() {
        noClasses().that().resideInAnyPackage("io.weir.dataplane.routing..", "io.weir.dataplane.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.vertx..")
                .check(classes);
    }

    /**
     * Kafka consumers live where the node reads topics: the gateway state feeds, throttling, and the
     * webhook fan-out and delivery - which must be consumer groups (the work is shared across nodes and
     * the fan-out commits its offsets in its producer's transaction), so they cannot be state feeds.
     */
    @Test
    void onlyTheStatePackageReadsGatewayTopics() {
        // stream reads the topics STREAM APIs are bound to (the publisher's), never the gateway topics
        noClasses().that().resideOutsideOfPackages("io.weir.dataplane.state..", "io.weir.dataplane.kafka..",
                        "io.weir.dataplane.throttle..", "io.weir.dataplane.websub.fanout..", "io.weir.dataplane.websub.delivery..",
                        "io.weir.dataplane.stream..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
                .check(classes);
    }
}
