package io.weir.processors.catalog;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.CatalogServiceView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** For each catalog service version, the refresh commands of the APIs following it ({@link Refreshes}). */
final class CatalogFollower implements Processor<String, CatalogServiceView, String, CommandEnvelope> {

    private final String apiViewsStore;
    private ProcessorContext<String, CommandEnvelope> context;
    private KeyValueStore<String, ValueAndTimestamp<ApiView>> apis;

    CatalogFollower(String apiViewsStore) {
        this.apiViewsStore = apiViewsStore;
    }

    @Override
    public void init(ProcessorContext<String, CommandEnvelope> context) {
        this.context = context;
        this.apis = context.getStateStore(apiViewsStore);
    }

    @Override
    public void process(Record<String, CatalogServiceView> record) {
        CatalogServiceView service = record.value();
        if (service == null || service.getRemoved()) {
            return; // a removed service leaves its APIs as they are
        }
        try (KeyValueIterator<String, ValueAndTimestamp<ApiView>> all = apis.all()) {
            all.forEachRemaining(entry -> {
                ApiView api = entry.value == null ? null : entry.value.value();
                Refreshes.of(service, api, record.timestamp())
                        .ifPresent(command -> context.forward(record.withKey(command.getAggregateId()).withValue(command)));
            });
        }
    }
}
