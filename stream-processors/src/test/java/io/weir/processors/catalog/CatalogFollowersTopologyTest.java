package io.weir.processors.catalog;

import static io.weir.processors.testing.CommandFixtures.ORG;
import static io.weir.processors.testing.CommandFixtures.command;
import static io.weir.processors.testing.CommandFixtures.createApi;
import static io.weir.processors.testing.CommandFixtures.defineSubscriptionTier;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.command.CommandProcessorTopology;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiServiceDefinitionChanged;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandAccepted;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandResult;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.ApiView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The follow-the-service loop on TopologyTestDriver: catalog update → refresh command → API working copy. */
class CatalogFollowersTopologyTest {

    private static final String SERVICE = "shop.public.orders";
    private static final String SERVICE_ID = CatalogServiceIds.of(ORG, SERVICE);

    private final TopicNaming naming = TopicNaming.defaults();
    private final ProcessorSerdes serdes = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());
    private TopologyTestDriver driver;
    private TestInputTopic<String, CommandEnvelope> commands;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, EventEnvelope> apiEvents;
    private TestOutputTopic<String, ApiView> apiViews;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        new CommandProcessorTopology(naming, serdes, 5).build(builder);
        new ManagementViewsTopology(naming, naming, serdes).build(builder);
        new CatalogFollowersTopology(naming, serdes).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-followers-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config);
        commands = driver.createInputTopic(naming.name(Topics.COMMANDS), Serdes.String().serializer(),
                serdes.of(CommandEnvelope.class).serializer());
        results = driver.createOutputTopic(naming.name(Topics.COMMAND_RESULTS), Serdes.String().deserializer(),
                serdes.of(CommandResult.class).deserializer());
        apiEvents = driver.createOutputTopic(naming.name(Topics.API_EVENTS), Serdes.String().deserializer(),
                serdes.of(EventEnvelope.class).deserializer());
        apiViews = driver.createOutputTopic(naming.name(Topics.VIEW_APIS), Serdes.String().deserializer(),
                serdes.of(ApiView.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNewServiceVersionPreparesANewWorkingCopyOfEachFollowingApi() {
        send(defineSubscriptionTier("Gold"));
        send(command(AggregateType.CATALOG_SERVICE, SERVICE_ID, new RegisterCatalogService(SERVICE, spec("1")), 0L));
        send(followingApi("api-orders", "/orders", true));
        send(followingApi("api-orders-v2", "/orders2", true));
        send(followingApi("api-independent", "/other", false));
        assertThat(results.readValuesToList()).allMatch(result -> result.getOutcome() instanceof CommandAccepted);
        apiEvents.readValuesToList();
        apiViews.readValuesToList();

        send(command(AggregateType.CATALOG_SERVICE, SERVICE_ID, new UpdateCatalogService(spec("2")), null));

        List<EventEnvelope> changed = apiEvents.readValuesToList();
        assertThat(changed).extracting(EventEnvelope::getAggregateId)
                .containsExactlyInAnyOrder("api-orders", "api-orders-v2");
        assertThat(changed).allSatisfy(event -> {
            assertThat(event.getActor()).isEqualTo(Refreshes.ACTOR);
            assertThat(event.getPayload()).isInstanceOfSatisfying(ApiServiceDefinitionChanged.class, refreshed -> {
                assertThat(refreshed.getServiceVersion()).isEqualTo("2");
                assertThat(refreshed.getSettings().getDefinition()).isEqualTo(spec("2").getDefinition());
            });
        });
        Map<String, ApiView> views = new HashMap<>(apiViews.readKeyValuesToMap());
        assertThat(views.get("api-orders").getPendingServiceVersion()).isEqualTo("2");
        assertThat(views.get("api-orders").getSettings().getDefinition()).isEqualTo(spec("2").getDefinition());
        assertThat(views).doesNotContainKey("api-independent");
    }

    @Test
    void anApiAlreadyOnTheServiceDefinitionIsLeftAlone() {
        send(defineSubscriptionTier("Gold"));
        send(command(AggregateType.CATALOG_SERVICE, SERVICE_ID, new RegisterCatalogService(SERVICE, spec("1")), 0L));
        send(followingApi("api-orders", "/orders", true));
        apiEvents.readValuesToList();

        // a description change is a new version of the service, but not of what the API was built from
        send(command(AggregateType.CATALOG_SERVICE, SERVICE_ID, new UpdateCatalogService(
                CatalogServiceSpec.newBuilder(spec("1")).setDescription("orders as they change").build()), null));

        assertThat(apiEvents.readValuesToList()).isEmpty();
    }

    private void send(CommandEnvelope command) {
        commands.pipeInput(command.getAggregateId(), command);
    }

    private static CommandEnvelope followingApi(String apiId, String context, boolean follows) {
        CommandEnvelope create = createApi(apiId, context, "1.0.0", "Gold");
        CreateApi payload = (CreateApi) create.getPayload();
        payload.getSettings().setDefinition(spec("1").getDefinition());
        payload.getSettings().setFollowsCatalogService(follows ? SERVICE_ID : null);
        return create;
    }

    private static CatalogServiceSpec spec(String version) {
        return CatalogServiceSpec.newBuilder()
                .setVersion(version)
                .setKind(CatalogServiceKind.CDC_STREAM)
                .setDefinition(new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0,
                        "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":\"orders\",\"version\":\"" + version + "\"}}",
                        "application/json"))
                .setKafkaTopic("weir.cdc.shop.public.orders")
                .build();
    }
}
