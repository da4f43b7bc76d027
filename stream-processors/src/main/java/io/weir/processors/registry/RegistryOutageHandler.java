package io.weir.processors.registry;

import io.weir.schema.serde.RegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a stream thread does with a record it cannot deserialize. Bytes nobody can decode are logged
 * and skipped, as before: waiting would not make them readable. But a record that could not be read
 * because the schema registry did not answer is perfectly good: skipping it would lose a command or
 * an event for good, so the thread fails instead ({@link StreamThreadReplacement} starts a new one),
 * nothing after the last committed offset is committed, and the record is read again once the
 * registry answers.
 */
public class RegistryOutageHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = Logger.getLogger(RegistryOutageHandler.class);

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        if (RegistryUnavailableException.isCauseOf(exception)) {
            LOG.errorf("record %s-%d@%d not read: the schema registry did not answer; failing the stream thread so that"
                    + " it is read again: %s", record.topic(), record.partition(), record.offset(), exception.getMessage());
            return DeserializationHandlerResponse.FAIL;
        }
        return super.handle(context, record, exception);
    }
}
