package io.weir.processors.gateway;

import static io.weir.processors.gateway.GatewayFixtures.SERDES;
import static io.weir.processors.gateway.GatewayFixtures.T0;
import static io.weir.processors.gateway.GatewayFixtures.api;
import static io.weir.processors.gateway.GatewayFixtures.deployed;
import static io.weir.processors.gateway.GatewayFixtures.next;
import static io.weir.processors.gateway.GatewayFixtures.settings;
import static io.weir.processors.gateway.GatewayFixtures.undeployed;
import static io.weir.processors.gateway.GatewayFixtures.withRevision;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.projection.ViewChanges;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import io.weir.schema.view.ApiView;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** weir.view.apis in, weir.gateway.apis out: given API views, the gateway records and tombstones. */
class GatewayApisTopologyTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, ApiView> views;
    private TestOutputTopic<String, GatewayApi> gateway;

    @BeforeEach
    void start() {
        TopicNaming naming = TopicNaming.defaults();
        StreamsBuilder builder = new StreamsBuilder();
        new GatewayApisTopology(naming, SERDES).build(builder, ViewChanges.fromViewTopics(builder, naming, SERDES,
                AggregateType.API));
        driver = GatewayFixtures.driver(builder);
        views = driver.createInputTopic(naming.name(Topics.VIEW_APIS), Serdes.String().serializer(),
                SERDES.of(ApiView.class).serializer());
        gateway = driver.createOutputTopic(naming.name(Topics.GATEWAY_APIS), Serdes.String().deserializer(),
                SERDES.of(GatewayApi.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aRevisionDeployedToTwoEnvironmentsIsServedInBothResolvedFromItsSnapshot() {
        ApiView api = deployed(deployed(withRevision(api("pets"), 1, settings("http://rev-1", "Gold", "Silver")),
                "production", 1, T0), "sandbox", 1, T0.plusSeconds(5));

        views.pipeInput("pets", api);

        List<KeyValue<String, GatewayApi>> out = gateway.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("production/pets", "sandbox/pets");
        GatewayApi production = out.get(0).value;
        assertThat(production.getEnvironment()).isEqualTo("production");
        assertThat(production.getApiId()).isEqualTo("pets");
        assertThat(production.getOrganization()).isEqualTo("acme");
        assertThat(production.getContext()).isEqualTo("/pets");
        assertThat(production.getVersion()).isEqualTo("1.0.0");
        assertThat(production.getApiType()).isEqualTo(ApiType.HTTP);
        assertThat(production.getRevision()).isEqualTo(1L);
        assertThat(production.getLifecycleStatus()).isEqualTo(LifecycleStatus.PUBLISHED);
        // the revision's snapshot, not the working copy (http://working-copy)
        assertThat(production.getEndpoints().getProductionUrl()).isEqualTo("http://rev-1");
        assertThat(production.getEndpoints().getTimeoutMillis()).isEqualTo(5_000);
        assertThat(production.getResources()).extracting(ApiResource::getPath).containsExactly("/pets/{id}");
        assertThat(production.getAuth().getApiKeyQueryParam()).isEqualTo("key");
        assertThat(production.getCors().getAllowedOrigins()).containsExactly("https://shop");
        assertThat(production.getMaxRequestBytes()).isEqualTo(1024L);
        assertThat(production.getAllowedTiers()).containsExactly("Gold", "Silver");
        assertThat(production.getApiThrottlingPolicy()).isEqualTo("Unlimited");
        assertThat(production.getTopicBindings()).isEmpty();
        assertThat(production.getDeployedAt()).isEqualTo(T0);
        assertThat(out.get(1).value.getDeployedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void undeployingFromOneEnvironmentTombstonesThatEnvironmentOnly() {
        ApiView both = deployed(deployed(withRevision(api("pets"), 1, settings("http://rev-1")), "production", 1, T0),
                "sandbox", 1, T0);
        views.pipeInput("pets", both);
        gateway.readKeyValuesToList();

        views.pipeInput("pets", undeployed(both, "sandbox"));

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair("sandbox/pets", null));
    }

    @Test
    void redeployingAnotherRevisionReplacesWhatTheEnvironmentServes() {
        ApiView first = deployed(withRevision(api("pets"), 1, settings("http://rev-1")), "production", 1, T0);
        views.pipeInput("pets", first);
        gateway.readKeyValuesToList();

        ApiView second = deployed(withRevision(first, 2, settings("http://rev-2")), "production", 2, T0.plusSeconds(60));
        views.pipeInput("pets", second);

        List<KeyValue<String, GatewayApi>> out = gateway.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("production/pets");
            assertThat(kv.value.getRevision()).isEqualTo(2L);
            assertThat(kv.value.getEndpoints().getProductionUrl()).isEqualTo("http://rev-2");
            assertThat(kv.value.getDeployedAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void aLifecycleChangeUpdatesEveryDeployedEnvironment() {
        ApiView both = deployed(deployed(withRevision(api("pets"), 1, settings("http://rev-1")), "production", 1, T0),
                "sandbox", 1, T0);
        views.pipeInput("pets", both);
        gateway.readKeyValuesToList();

        views.pipeInput("pets", next(both).setLifecycleStatus(LifecycleStatus.BLOCKED).build());

        List<KeyValue<String, GatewayApi>> out = gateway.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("production/pets", "sandbox/pets");
        assertThat(out).extracting(kv -> kv.value.getLifecycleStatus()).containsOnly(LifecycleStatus.BLOCKED);
    }

    @Test
    void anEditOfTheWorkingCopyOrANewRevisionChangesNothingThatIsServed() {
        ApiView live = deployed(withRevision(api("pets"), 1, settings("http://rev-1")), "production", 1, T0);
        views.pipeInput("pets", live);
        gateway.readKeyValuesToList();

        views.pipeInput("pets", withRevision(next(live).setSettings(settings("http://edited")).build(), 2,
                settings("http://rev-2")));

        assertThat(gateway.isEmpty()).isTrue();
    }

    @Test
    void aDeletedApiIsTombstonedInEveryEnvironmentItWasServedIn() {
        views.pipeInput("pets", deployed(deployed(withRevision(api("pets"), 1, settings("http://rev-1")),
                "production", 1, T0), "sandbox", 1, T0));
        views.pipeInput("cats", deployed(withRevision(api("cats"), 1, settings("http://cats")), "production", 1, T0));
        gateway.readKeyValuesToList();

        views.pipeInput("pets", (ApiView) null);

        assertThat(gateway.readKeyValuesToList())
                .containsExactly(KeyValue.pair("production/pets", null), KeyValue.pair("sandbox/pets", null));
    }

    @Test
    void anApiWhoseIdExtendsAnotherOnesIsNotMistakenForIt() {
        views.pipeInput("pets", deployed(withRevision(api("pets"), 1, settings("http://a")), "production", 1, T0));
        views.pipeInput("pets/v2", deployed(withRevision(api("pets/v2"), 1, settings("http://b")), "production", 1, T0));
        gateway.readKeyValuesToList();

        views.pipeInput("pets", (ApiView) null);

        assertThat(gateway.readKeyValuesToList()).containsExactly(KeyValue.pair("production/pets", null));
    }

    @Test
    void aStreamApiCarriesItsChannelsBoundToKafkaTopics() {
        ApiSettings stream = ApiSettings.newBuilder(settings("http://unused"))
                .setResources(List.of(
                        ApiResource.newBuilder().setPath("orders/created").setKafkaTopic("shop.orders")
                                .setAuthScheme(AuthScheme.OAUTH2).setOperations(List.of(ChannelOperation.SUBSCRIBE)).build(),
                        ApiResource.newBuilder().setPath("orders.cancelled").setAuthScheme(AuthScheme.OAUTH2)
                                .setOperations(List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)).build()))
                .build();
        ApiView api = ApiView.newBuilder(api("orders")).setApiType(ApiType.STREAM).build();

        views.pipeInput("orders", deployed(withRevision(api, 1, stream), "production", 1, T0));

        assertThat(gateway.readValue().getTopicBindings()).containsExactly(
                new TopicBinding("orders/created", "shop.orders", List.of(ChannelOperation.SUBSCRIBE)),
                new TopicBinding("orders.cancelled", "orders.cancelled",
                        List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)));
    }
}
