package io.weir.processors.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.serde.RegistryUnavailableException;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** A registry outage fails and replaces the stream thread; undecodable bytes are skipped; bugs stop the client. */
class RegistryOutageTest {

    private static final RuntimeException OUTAGE = new RuntimeException(
            new RegistryUnavailableException("schema registry at http://r did not answer schema of content id 7",
                    new IOException("Connection was closed")));
    private static final ConsumerRecord<byte[], byte[]> RECORD =
            new ConsumerRecord<>("weir.catalog.events", 0, 41, new byte[] {1}, new byte[] {0, 0, 0, 0, 7});

    @Test
    void aRecordUnreadBecauseTheRegistryDidNotAnswerFailsTheThreadInsteadOfBeingSkipped() {
        assertThat(new RegistryOutageHandler().handle(context(), RECORD, OUTAGE))
                .isEqualTo(DeserializationHandlerResponse.FAIL);
    }

    @Test
    void bytesNobodyCanDecodeAreStillLoggedAndSkipped() {
        assertThat(new RegistryOutageHandler().handle(context(), RECORD, new SerializationException("magic byte 9")))
                .isEqualTo(DeserializationHandlerResponse.CONTINUE);
    }

    @Test
    void aThreadThatDiedOfARegistryOutageIsReplacedAnyOtherFailureShutsTheClientDown() {
        StreamThreadReplacement handler = new StreamThreadReplacement();
        assertThat(handler.handle(new StreamsException("serialize failed", OUTAGE)))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.handle(new StreamsException(new NullPointerException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return RECORD.topic(); }
            public int partition() { return RECORD.partition(); }
            public long offset() { return RECORD.offset(); }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "KSTREAM-SOURCE-0000000000"; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return RECORD.key(); }
            public byte[] sourceRawValue() { return RECORD.value(); }
        };
    }
}
