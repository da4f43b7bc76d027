package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.SubscriptionView;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Derives weir.gateway.credentials (key: API key hash, or {@code oauth:<clientId>}) from the
 * application and subscription views ({@link ViewChanges}): every live credential with its
 * application and all the application's subscriptions ({@link ApplicationCredentials}).
 *
 * <p><b>Joining subscriptions to their application.</b> Subscriptions are keyed by subscription id;
 * the credentials of an application need all of them together. Step 1 re-keys each subscription by
 * its application id (a deleted one — a tombstone, which carries no application id — is sent on as
 * its last view marked deleted, from the store {@value #LAST_SUBSCRIPTIONS}), through the
 * repartition topic {@value #BY_APPLICATION}. Step 2 runs on the application partitions: one
 * processor for application views, one for subscriptions, sharing {@link CredentialState}; either
 * change recomputes the application's credentials and forwards only the differences. So a revoked
 * key or OAuth client, or a deleted application, becomes a tombstone; a subscription blocked,
 * unblocked, re-tiered or deleted re-emits every credential of its application.
 *
 * <p><b>Co-partitioning.</b> Step 2 sees the application views and the repartition topic in the
 * same tasks, so the repartition topic gets as many partitions as the application views are
 * partitioned in ({@link ViewChanges#partitions}: weir.application.events in the processors'
 * topology), both by the default partitioner on the application id.
 *
 * <p><b>Propagation.</b> In the processors' topology a revoked key or OAuth client leaves in the
 * same transaction as the application view; a subscription change takes one more exactly-once hop
 * (the repartition). No cache and no suppression: records leave with the next commit.
 */
public final class GatewayCredentialsTopology {

    /** Step 1 store: subscription id → the subscription's last view. */
    static final String LAST_SUBSCRIPTIONS = "gateway-subscriptions-last";
    /** Step 1 → step 2 repartition topic (name suffix), keyed by application id. */
    static final String BY_APPLICATION = "gateway-subscriptions-by-application";

    private final TopicNaming output;
    private final ProcessorSerdes serdes;

    public GatewayCredentialsTopology(TopicNaming output, ProcessorSerdes serdes) {
        this.output = output;
        this.serdes = serdes;
    }

    /** The logs the application and subscription views are folded from. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.eventsOf(AggregateType.APPLICATION), Topics.eventsOf(AggregateType.SUBSCRIPTION));
    }

    public void build(StreamsBuilder builder, ViewChanges views) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_SUBSCRIPTIONS),
                Serdes.String(), serdes.of(SubscriptionView.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CredentialState.APPLICATIONS),
                Serdes.String(), serdes.of(ApplicationView.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CredentialState.SUBSCRIPTIONS),
                Serdes.String(), serdes.of(SubscriptionView.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CredentialState.EMITTED),
                Serdes.String(), Serdes.String()));
        String[] shared = {CredentialState.APPLICATIONS, CredentialState.SUBSCRIPTIONS, CredentialState.EMITTED};

        KStream<String, GatewayCredential> fromSubscriptions = views.of(AggregateType.SUBSCRIPTION, SubscriptionView.class)
                .process(ByApplication::new, Named.as("gateway-subscriptions-rekey"), LAST_SUBSCRIPTIONS)
                .repartition(Repartitioned.<String, SubscriptionView>as(BY_APPLICATION)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(SubscriptionView.class))
                        .withNumberOfPartitions(views.partitions(AggregateType.APPLICATION)))
                .process(SubscriptionChanges::new, Named.as("gateway-credentials-from-subscriptions"), shared);
        KStream<String, GatewayCredential> fromApplications = views.of(AggregateType.APPLICATION, ApplicationView.class)
                .process(ApplicationChanges::new, Named.as("gateway-credentials-from-applications"), shared);
        fromApplications.merge(fromSubscriptions, Named.as("gateway-credentials-merge"))
                .to(output.name(Topics.GATEWAY_CREDENTIALS), Produced.with(Serdes.String(),
                        serdes.of(GatewayCredential.class)).withName("gateway-credentials-out"));
    }

    /** Step 1: a subscription view (or tombstone) out again under its application id. */
    private static final class ByApplication implements Processor<String, SubscriptionView, String, SubscriptionView> {

        private ProcessorContext<String, SubscriptionView> context;
        private KeyValueStore<String, SubscriptionView> last;

        @Override
        public void init(ProcessorContext<String, SubscriptionView> context) {
            this.context = context;
            this.last = context.getStateStore(LAST_SUBSCRIPTIONS);
        }

        @Override
        public void process(Record<String, SubscriptionView> record) {
            if (record.key() == null) {
                return;
            }
            SubscriptionView view = record.value();
            SubscriptionView previous = last.get(record.key());
            boolean gone = view == null || view.getDeleted();
            if (previous != null && (gone || !previous.getApplicationId().equals(view.getApplicationId()))) {
                SubscriptionView removed = SubscriptionView.newBuilder(previous).setDeleted(true).build();
                context.forward(record.withKey(previous.getApplicationId()).withValue(removed));
            }
            if (gone) {
                last.delete(record.key());
            } else {
                last.put(record.key(), view);
                context.forward(record.withKey(view.getApplicationId()).withValue(view));
            }
        }
    }

    /** Step 2, application side. */
    private static final class ApplicationChanges implements Processor<String, ApplicationView, String, GatewayCredential> {

        private ProcessorContext<String, GatewayCredential> context;
        private CredentialState state;

        @Override
        public void init(ProcessorContext<String, GatewayCredential> context) {
            this.context = context;
            this.state = new CredentialState(context);
        }

        @Override
        public void process(Record<String, ApplicationView> record) {
            if (record.key() == null) {
                return;
            }
            state.application(record.key(), record.value());
            state.publish(record.key(), (key, credential) -> context.forward(record.withKey(key).withValue(credential)));
        }
    }

    /** Step 2, subscription side (keyed by application id). */
    private static final class SubscriptionChanges implements Processor<String, SubscriptionView, String, GatewayCredential> {

        private ProcessorContext<String, GatewayCredential> context;
        private CredentialState state;

        @Override
        public void init(ProcessorContext<String, GatewayCredential> context) {
            this.context = context;
            this.state = new CredentialState(context);
        }

        @Override
        public void process(Record<String, SubscriptionView> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            state.subscription(record.key(), record.value());
            state.publish(record.key(), (key, credential) -> context.forward(record.withKey(key).withValue(credential)));
        }
    }
}
