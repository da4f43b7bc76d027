package io.weir.processors;

import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.defineEnvironment;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.SharedComponents;
import io.weir.harness.quarkus.WeirTestResource;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.environment.EnvironmentDefined;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.view.EnvironmentView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * GitOps: commands produced straight to weir.commands by a plain Kafka producer with the Apicurio
 * serde are decided by the packaged processor exactly as the REST API's would be — results on
 * weir.command-results, events on the logs, views updated — against a real broker and registry.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class CommandsFromAnyProducerIT {

    private final TopicNaming naming = TopicNaming.defaults();
    private final String bootstrap = SharedComponents.kafka().bootstrapServers();
    private final String registry = SharedComponents.registry().url();

    @Test
    void commandsFromAPlainProducerAreDecidedIntoEventsResultsAndViews() throws Exception {
        String environment = "prod-" + UUID.randomUUID().toString().substring(0, 8);
        CommandEnvelope define = defineEnvironment(environment);
        CommandEnvelope tier = defineSubscriptionTier("Gold");
        CommandEnvelope api = createApi("api-" + UUID.randomUUID(), "/pets-" + environment, "v1", "Gold");
        CommandEnvelope sameContext = createApi("api-" + UUID.randomUUID(), "/pets-" + environment, "v1", "Gold");

        produce(define);
        produce(tier);
        Map<String, CommandResult> results = awaitResults(define, tier);
        // the tier check reads the policy view through a global table: eventually consistent, so a
        // create racing the projection may see UNKNOWN_POLICY; a client retries with a new command id
        Awaitility.await().alias("the API is created once the tier is visible").atMost(Duration.ofSeconds(60))
                .until(() -> {
                    api.setCommandId(UUID.randomUUID().toString());
                    produce(api);
                    CommandResult result = awaitResults(api).get(api.getCommandId());
                    results.put(api.getCommandId(), result);
                    return result.getOutcome() instanceof CommandAccepted;
                });
        produce(sameContext);
        produce(define); // a replay of the first command
        results.putAll(awaitResults(sameContext));

        assertThat(results.get(define.getCommandId()).getOutcome()).isInstanceOf(CommandAccepted.class);
        assertThat(results.get(api.getCommandId()).getOutcome()).isInstanceOf(CommandAccepted.class);
        assertThat(results.get(sameContext.getCommandId()).getOutcome()).isInstanceOfSatisfying(CommandRejected.class,
                rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.DUPLICATE_CONTEXT));

        List<EventEnvelope> environmentEvents = readAll(naming.name(Topics.POLICY_EVENTS), EventEnvelope.class,
                event -> event.getAggregateId().equals(environment), 1);
        assertThat(environmentEvents).singleElement()
                .satisfies(event -> assertThat(event.getPayload()).isInstanceOf(EnvironmentDefined.class));
        List<EnvironmentView> views = readAll(naming.name(Topics.VIEW_ENVIRONMENTS), EnvironmentView.class,
                view -> view != null && view.getName().equals(environment), 1);
        assertThat(views.get(0).getVersion()).isEqualTo(1L);
        // the replay answered again with the first result and appended nothing
        List<CommandResult> defineResults = readAll(naming.name(Topics.COMMAND_RESULTS), CommandResult.class,
                result -> result.getCommandId().equals(define.getCommandId()), 2);
        assertThat(defineResults.get(1)).isEqualTo(defineResults.get(0));
        assertThat(readAll(naming.name(Topics.POLICY_EVENTS), EventEnvelope.class,
                event -> event.getAggregateId().equals(environment), 1)).hasSize(1);
    }

    private void produce(CommandEnvelope command) throws Exception {
        try (KafkaProducer<String, CommandEnvelope> producer =
                new KafkaProducer<>(AvroSerdes.producerConfig(bootstrap, registry))) {
            producer.send(new ProducerRecord<>(naming.name(Topics.COMMANDS), command.getAggregateId(), command)).get();
        }
    }

    private Map<String, CommandResult> awaitResults(CommandEnvelope... commands) {
        Map<String, CommandResult> found = new HashMap<>();
        List<String> ids = java.util.Arrays.stream(commands).map(CommandEnvelope::getCommandId).toList();
        readAll(naming.name(Topics.COMMAND_RESULTS), CommandResult.class, r -> ids.contains(r.getCommandId()), ids.size())
                .forEach(r -> found.putIfAbsent(r.getCommandId(), r));
        return found;
    }

    /** Reads a topic from the start until {@code atLeast} matching records arrived (bounded wait). */
    private <V extends SpecificRecord> List<V> readAll(String topic, Class<V> type,
                                                       java.util.function.Predicate<V> matching, int atLeast) {
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registry, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> matched = new java.util.ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().alias(atLeast + " matching record(s) on " + topic).atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                            if (record.value() != null && matching.test(record.value())) {
                                matched.add(record.value());
                            }
                        });
                        return matched.size() >= atLeast;
                    });
        }
        return matched;
    }
}
