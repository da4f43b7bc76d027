package io.weir.controlplane.view;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.serde.AvroSerdes;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.CatalogServiceView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.OrganizationView;
import io.weir.schema.view.SubscriptionView;
import io.weir.schema.view.ThrottlingPolicyView;
import io.weir.schema.view.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The management views the REST API reads, each a {@link TopicMirror} of its weir.view.* topic
 * (written by the management projections in stream-processors). Read-your-writes: after a command
 * is accepted at version v, {@link #awaitVersion} waits until the view shows v.
 */
@ApplicationScoped
public class Views {

    private final ControlPlaneConfig config;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<AggregateType, TopicMirror<? extends SpecificRecord>> mirrors = new EnumMap<>(AggregateType.class);

    Views(ControlPlaneConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
          @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent started) {
        mirror(AggregateType.API, ApiView::getVersion);
        mirror(AggregateType.APPLICATION, ApplicationView::getVersion);
        mirror(AggregateType.SUBSCRIPTION, SubscriptionView::getVersion);
        mirror(AggregateType.THROTTLING_POLICY, ThrottlingPolicyView::getVersion);
        mirror(AggregateType.ENVIRONMENT, EnvironmentView::getVersion);
        mirror(AggregateType.ORGANIZATION, OrganizationView::getVersion);
        mirror(AggregateType.USER, UserView::getVersion);
        mirror(AggregateType.CATALOG_SERVICE, CatalogServiceView::getVersion);
    }

    void stop(@Observes ShutdownEvent stopping) {
        mirrors.values().forEach(TopicMirror::close);
    }

    public TopicMirror<ApiView> apis() {
        return typed(AggregateType.API);
    }

    public TopicMirror<ApplicationView> applications() {
        return typed(AggregateType.APPLICATION);
    }

    public TopicMirror<SubscriptionView> subscriptions() {
        return typed(AggregateType.SUBSCRIPTION);
    }

    public TopicMirror<ThrottlingPolicyView> policies() {
        return typed(AggregateType.THROTTLING_POLICY);
    }

    public TopicMirror<EnvironmentView> environments() {
        return typed(AggregateType.ENVIRONMENT);
    }

    public TopicMirror<OrganizationView> organizations() {
        return typed(AggregateType.ORGANIZATION);
    }

    public TopicMirror<UserView> users() {
        return typed(AggregateType.USER);
    }

    public TopicMirror<CatalogServiceView> catalogServices() {
        return typed(AggregateType.CATALOG_SERVICE);
    }

    public List<TopicMirror<? extends SpecificRecord>> all() {
        return List.copyOf(mirrors.values());
    }

    /** Read-your-writes: true once the view of the aggregate shows {@code version} (or its deletion). */
    public boolean awaitVersion(AggregateType type, String aggregateId, long version) {
        TopicMirror<? extends SpecificRecord> mirror = mirrors.get(type);
        return mirror == null || mirror.awaitVersion(aggregateId, version, readYourWritesTimeout());
    }

    public Duration readYourWritesTimeout() {
        return config.readYourWritesTimeout();
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> TopicMirror<V> typed(AggregateType type) {
        return (TopicMirror<V>) mirrors.get(type);
    }

    private <V extends SpecificRecord> void mirror(AggregateType type, ToLongFunction<V> version) {
        String topic = TopicNaming.withPrefix(config.topicPrefix()).name(Topics.viewOf(type));
        Map<String, Object> consumerConfig = AvroSerdes.consumerConfig(bootstrapServers, registryUrl,
                "unused-" + UUID.randomUUID());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicMirror<V> mirror = new TopicMirror<>(topic, new KafkaConsumer<>(consumerConfig), version);
        mirrors.put(type, mirror);
        mirror.start();
    }
}
