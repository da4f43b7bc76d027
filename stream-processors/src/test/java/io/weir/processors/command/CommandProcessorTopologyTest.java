package io.weir.processors.command;

import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.processors.testing.CommandFixtures;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.api.DeleteApi;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.EnvironmentDefined;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.EnvironmentView;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command processor with the management projections, on TopologyTestDriver. */
class CommandProcessorTopologyTest {

    private final TopicNaming naming = TopicNaming.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, CommandEnvelope> commands;
    private TestOutputTopic<String, CommandResult> results;

    @BeforeEach
    void start() {
        ProcessorSerdes serdes = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());
        StreamsBuilder builder = new StreamsBuilder();
        new CommandProcessorTopology(naming, serdes, 5).build(builder);
        new ManagementViewsTopology(naming, naming, serdes).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "command-processor-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config);
        commands = driver.createInputTopic(naming.name(Topics.COMMANDS), Serdes.String().serializer(),
                serdes.of(CommandEnvelope.class).serializer());
        results = driver.createOutputTopic(naming.name(Topics.COMMAND_RESULTS), Serdes.String().deserializer(),
                serdes.of(CommandResult.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void anAcceptedCommandAppendsItsEventsAnswersWithTheNewVersionAndUpdatesTheView() {
        CommandEnvelope define = defineEnvironment("production");

        send(define);

        CommandResult result = onlyResult();
        assertThat(result.getCommandId()).isEqualTo(define.getCommandId());
        assertThat(result.getOutcome()).isInstanceOfSatisfying(CommandAccepted.class,
                accepted -> assertThat(accepted.getAggregateVersion()).isEqualTo(1L));
        List<EventEnvelope> events = events(Topics.POLICY_EVENTS);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getPayload()).isInstanceOf(EnvironmentDefined.class);
            assertThat(event.getAggregateVersion()).isEqualTo(1L);
            assertThat(event.getCausationId()).isEqualTo(define.getCommandId());
            assertThat(event.getCorrelationId()).isEqualTo(define.getCorrelationId());
        });
        Map<String, EnvironmentView> views = views(Topics.VIEW_ENVIRONMENTS, EnvironmentView.class);
        assertThat(views.get("production").getVersion()).isEqualTo(1L);
    }

    @Test
    void aReplayedCommandIdGetsItsFirstResultAndAppendsNothing() {
        CommandEnvelope define = defineEnvironment("production");
        send(define);
        CommandResult first = onlyResult();

        send(define);

        assertThat(onlyResult()).isEqualTo(first);
        assertThat(events(Topics.POLICY_EVENTS)).hasSize(1);
    }

    @Test
    void aStaleExpectedVersionIsAVersionConflictAndChangesNothing() {
        send(defineEnvironment("production"));
        results.readValuesToList();
        events(Topics.POLICY_EVENTS);

        CommandEnvelope stale = CommandFixtures.command(AggregateType.ENVIRONMENT, "production",
                new io.weir.schema.environment.RemoveEnvironment(), 7L);
        send(stale);

        assertThat(onlyResult().getOutcome()).isInstanceOfSatisfying(CommandRejected.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.VERSION_CONFLICT);
            assertThat(rejected.getCurrentVersion()).isEqualTo(1L);
        });
        assertThat(events(Topics.POLICY_EVENTS)).isEmpty();
    }

    @Test
    void anotherOrganizationsAggregateDoesNotExistForTheCaller() {
        send(defineEnvironment("production"));
        results.readValuesToList();
        CommandEnvelope foreign = CommandFixtures.command(AggregateType.ENVIRONMENT, "production",
                new io.weir.schema.environment.RemoveEnvironment());
        foreign.setOrganization("globex");

        send(foreign);

        assertThat(rejection(onlyResult())).isEqualTo(RejectionReason.NOT_FOUND);
    }

    @Test
    void anApiContextIsUniquePerOrganizationAndVersion() {
        send(defineSubscriptionTier("Gold"));
        results.readValuesToList();

        send(createApi("api-1", "/pets", "v1", "Gold"));
        send(createApi("api-2", "/pets", "v1", "Gold"));
        send(createApi("api-3", "/pets", "v2", "Gold"));

        Map<String, CommandResult> byAggregate = results.readValuesToList().stream()
                .collect(Collectors.toMap(CommandResult::getAggregateId, r -> r));
        assertThat(byAggregate.get("api-1").getOutcome()).isInstanceOf(CommandAccepted.class);
        assertThat(rejection(byAggregate.get("api-2"))).isEqualTo(RejectionReason.DUPLICATE_CONTEXT);
        assertThat(byAggregate.get("api-3").getOutcome()).isInstanceOf(CommandAccepted.class);
        assertThat(events(Topics.API_EVENTS)).extracting(EventEnvelope::getAggregateId).containsExactly("api-1", "api-3");
    }

    @Test
    void aRejectedCreateDoesNotKeepTheContextAndADeletedApiGivesItBack() {
        send(defineSubscriptionTier("Gold"));
        send(createApi("api-1", "/pets", "v1", "NoSuchTier"));
        send(createApi("api-2", "/pets", "v1", "Gold"));
        List<CommandResult> outcomes = results.readValuesToList();
        assertThat(rejection(outcomes.get(1))).isEqualTo(RejectionReason.UNKNOWN_POLICY);
        assertThat(outcomes.get(2).getOutcome()).isInstanceOf(CommandAccepted.class);

        send(CommandFixtures.command(AggregateType.API, "api-2", new DeleteApi()));
        send(createApi("api-3", "/pets", "v1", "Gold"));

        List<CommandResult> after = results.readValuesToList();
        assertThat(after.get(0).getOutcome()).isInstanceOf(CommandAccepted.class);
        assertThat(after.get(1).getOutcome()).as("context free again after delete").isInstanceOf(CommandAccepted.class);
    }

    @Test
    void aCommandWhosePayloadDoesNotMatchItsAggregateTypeIsRejected() {
        CommandEnvelope confused = CommandFixtures.command(AggregateType.API, "production",
                new io.weir.schema.environment.RemoveEnvironment());

        send(confused);

        assertThat(rejection(onlyResult())).isEqualTo(RejectionReason.INVALID_COMMAND);
    }

    private void send(CommandEnvelope command) {
        commands.pipeInput(new TestRecord<>(command.getAggregateId(), command));
    }

    private CommandResult onlyResult() {
        List<CommandResult> all = results.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static RejectionReason rejection(CommandResult result) {
        assertThat(result.getOutcome()).isInstanceOf(CommandRejected.class);
        return ((CommandRejected) result.getOutcome()).getReason();
    }

    private List<EventEnvelope> events(io.weir.schema.catalogue.TopicSpec<EventEnvelope> log) {
        return driver.createOutputTopic(naming.name(log), Serdes.String().deserializer(),
                new SelfDescribingAvroSerde<EventEnvelope>().deserializer()).readValuesToList();
    }

    private <V extends org.apache.avro.specific.SpecificRecord> Map<String, V> views(
            io.weir.schema.catalogue.TopicSpec<?> view, Class<V> type) {
        return driver.createOutputTopic(naming.name(view), Serdes.String().deserializer(),
                new SelfDescribingAvroSerde<V>().deserializer()).readKeyValuesToMap();
    }
}
