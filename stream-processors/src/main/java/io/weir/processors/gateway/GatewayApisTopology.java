package io.weir.processors.gateway;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.projection.ViewChanges;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.AggregateType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.view.ApiView;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Derives weir.gateway.apis (key {@code <environment>/<apiId>}): what each environment's gateways
 * serve, the deployed revision of each API resolved ({@link DeployedApis}).
 *
 * <p><b>Why from the view, not the events.</b> The API view already is the fold of every API event
 * — revisions with their snapshots, deployments per environment, lifecycle — with the same
 * {@code evolve} the command processor decides on; folding the events again would keep a second
 * copy of every API and duplicate that logic. The view changes come from {@link ViewChanges}: in
 * the processors' topology straight from {@code ManagementViewsTopology}'s fold, in the same task
 * and transaction as the view (no extra hop, and weir.view.apis could not be sourced again anyway:
 * the command processor reads it as a global table); in tests, from the view topic.
 *
 * <p><b>Tombstones.</b> The view is one record per API, the gateway topic one per environment, so
 * the store {@value #EMITTED} keeps what was emitted per API ({@link EmittedRecords}): undeploying
 * from one environment tombstones that environment only; a deleted API (view tombstone) tombstones
 * every environment it was served in; a lifecycle change (BLOCKED, RETIRED, ...) or a redeploy
 * re-emits the environments whose record changed; an edit of the working copy emits nothing.
 * No cache and no suppression delays a record: it leaves with the next commit.
 */
public final class GatewayApisTopology {

    /** Store of what was emitted per API ({@link EmittedRecords}): output key → digest of the record. */
    static final String EMITTED = "gateway-apis-emitted";

    private final TopicNaming output;
    private final ProcessorSerdes serdes;

    /** @param output names of the gateway topics written (another prefix when rebuilding side by side) */
    public GatewayApisTopology(TopicNaming output, ProcessorSerdes serdes) {
        this.output = output;
        this.serdes = serdes;
    }

    /** The log the API views are folded from. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.eventsOf(AggregateType.API));
    }

    public void build(StreamsBuilder builder, ViewChanges views) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED),
                Serdes.String(), Serdes.String()));
        views.of(AggregateType.API, ApiView.class)
                .process(DeploymentsProcessor::new, Named.as("gateway-apis-resolve"), EMITTED)
                .to(output.name(Topics.GATEWAY_APIS), Produced.with(Serdes.String(), serdes.of(GatewayApi.class))
                        .withName("gateway-apis-out"));
    }

    /** API view in, the changed gateway records of its environments out. */
    private static final class DeploymentsProcessor implements Processor<String, ApiView, String, GatewayApi> {

        private ProcessorContext<String, GatewayApi> context;
        private EmittedRecords<GatewayApi> emitted;

        @Override
        public void init(ProcessorContext<String, GatewayApi> context) {
            this.context = context;
            KeyValueStore<String, String> store = context.getStateStore(EMITTED);
            this.emitted = new EmittedRecords<>(store);
        }

        @Override
        public void process(Record<String, ApiView> record) {
            if (record.key() == null) {
                return;
            }
            emitted.replace(record.key(), DeployedApis.of(record.value()),
                    (key, api) -> context.forward(record.withKey(key).withValue(api)));
        }
    }
}
