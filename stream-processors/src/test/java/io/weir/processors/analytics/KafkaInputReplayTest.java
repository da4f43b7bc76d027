package io.weir.processors.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.serde.RegistryUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class KafkaInputReplayTest {

    private static final ConsumerRecord<byte[], byte[]> RECORD =
            new ConsumerRecord<>("weir.invocation-batches", 0, 7L, new byte[] {1}, new byte[] {0, 0, 0, 0, 1});

    @Test
    void aDecodableBatchIsReturned() {
        InvocationBatch batch = new InvocationBatch(List.of());
        assertThat(replayDecoding((topic, data) -> batch).decode(RECORD)).isSameAs(batch);
    }

    @Test
    void aRecordThatCannotBeDecodedIsSkipped() {
        assertThat(replayDecoding((topic, data) -> {
            throw new SerializationException("not Avro");
        }).decode(RECORD)).isNull();
    }

    @Test
    void aRegistryThatDoesNotAnswerFailsTheReplayInsteadOfSkippingTheBatch() {
        KafkaInputReplay replay = replayDecoding((topic, data) -> {
            throw new SerializationException("lookup failed",
                    new RegistryUnavailableException("registry did not answer", new java.net.ConnectException()));
        });
        assertThatThrownBy(() -> replay.decode(RECORD)).satisfies(e -> assertThat(RegistryUnavailableException.isCauseOf(e)).isTrue());
    }

    private static KafkaInputReplay replayDecoding(Deserializer<InvocationBatch> deserializer) {
        return new KafkaInputReplay(Map.of("bootstrap.servers", "127.0.0.1:1"), deserializer);
    }
}
