package io.weir.processors.testing;

import io.weir.harness.load.InvocationLoad;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationBatches;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/**
 * Invocations as the gateway nodes write them to weir.invocation-batches: in envelopes
 * ({@link InvocationBatch}), keyed by API id. The grouping of {@link #recorded} is the load
 * generator's own ({@link InvocationLoad#produce}, captured from a {@link MockProducer}), so the
 * processors' tests are fed exactly what the load tools and benchmarks write, not a second idea of it.
 */
public final class InvocationEnvelopes {

    private InvocationEnvelopes() {
    }

    /** One record's envelope: the invocations (all of one API) in this order. */
    public static InvocationBatch of(Invocation... invocations) {
        return new InvocationBatch(List.of(invocations));
    }

    /**
     * The records a gateway node writes for {@code invocations}, in order: every {@code maxBatch}
     * consecutive ones are a drain, cut into envelopes by API id as {@link InvocationBatches} says
     * ({@code maxBatch} 1: one record each).
     */
    public static List<KeyValue<String, InvocationBatch>> recorded(List<Invocation> invocations, int maxBatch) {
        try (MockProducer<String, InvocationBatch> producer = new MockProducer<>(true, null, new StringSerializer(),
                new SelfDescribingAvroSerde<InvocationBatch>().serializer())) {
            InvocationLoad.produce(producer, TopicNaming.defaults().name(Topics.INVOCATION_BATCHES), invocations, maxBatch);
            return producer.history().stream().map(record -> KeyValue.pair(record.key(), record.value())).toList();
        }
    }
}
