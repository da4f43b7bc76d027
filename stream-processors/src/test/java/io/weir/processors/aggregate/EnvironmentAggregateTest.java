package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.environment.EnvironmentDefined;
import io.weir.schema.environment.EnvironmentRemoved;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.view.EnvironmentView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentAggregateTest {

    private static final List<String> URLS = List.of("https://eu.gw.example.com", "wss://eu.gw.example.com");
    private static final EnvironmentDefined EU_DEFINED = new EnvironmentDefined("eu-west", "EU West", null, URLS);

    private final AggregateScenario<EnvironmentView> environment = scenario(new EnvironmentAggregate(), "eu-west");

    @Test
    void definesAnEnvironment() {
        environment.when(new DefineEnvironment("eu-west", "EU West", null, URLS)).thenEvents(EU_DEFINED);
        environment.when(new DefineEnvironment("eu-west", "EU West", null, URLS)).thenRejected(ALREADY_EXISTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "eu_west", "eu west", ""})
    void theNameIsLowercaseAlphanumericWithDashesAndIsTheId(String name) {
        scenario(new EnvironmentAggregate(), name.isEmpty() ? "eu-west" : name)
                .when(new DefineEnvironment(name, "EU", null, URLS))
                .thenRejected(INVALID_COMMAND, "/payload/name");
    }

    @Test
    void gatewayUrlsAreAbsoluteHttpOrWebSocketUrls() {
        environment.when(new DefineEnvironment("eu-west", "EU West", null, List.of("https://eu.example.com", "ftp://eu.example.com")))
                .thenRejected(INVALID_COMMAND, "/payload/gatewayUrls/1");
        environment.when(new DefineEnvironment("eu-west", " ", null, URLS)).thenRejected(INVALID_COMMAND, "/payload/displayName");
    }

    @Test
    void removesAnEnvironment() {
        environment.when(new RemoveEnvironment()).thenRejected(NOT_FOUND);
        environment.given(EU_DEFINED).when(new RemoveEnvironment()).thenEvents(new EnvironmentRemoved("eu-west"));

        assertThat(environment.deleted()).isTrue();
        environment.when(new RemoveEnvironment()).thenRejected(NOT_FOUND);
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        environment.given(EU_DEFINED, new EnvironmentRemoved("eu-west"));

        assertThat(environment.state()).isEqualTo(new EnvironmentView("eu-west", ORGANIZATION, 2L, "EU West", null, URLS, at(2), true));
    }
}
