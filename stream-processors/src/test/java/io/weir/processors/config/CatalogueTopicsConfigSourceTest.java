package io.weir.processors.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueTopicsConfigSourceTest {

    @Test
    void listsEveryTopicTheTopologiesReadUnderTheDefaultPrefix() {
        List<String> topics = List.of(new CatalogueTopicsConfigSource().getValue(CatalogueTopicsConfigSource.PROPERTY)
                .split(","));

        assertThat(topics).containsExactlyInAnyOrder("weir.commands", "weir.command-reservations",
                "weir.view.apis", "weir.view.applications", "weir.view.policies", "weir.view.environments",
                "weir.api.events", "weir.application.events", "weir.policy.events", "weir.organization.events",
                "weir.catalog.events", "weir.webhook.events", "weir.view.catalog-services", "weir.invocation-batches",
                "weir.gateway.policies", "weir.gateway.nodes");
    }
}
