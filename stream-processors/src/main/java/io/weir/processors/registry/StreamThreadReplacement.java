package io.weir.processors.registry;

import io.weir.schema.serde.RegistryUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens when a stream thread dies (Quarkus hands this bean to Kafka Streams). A registry that
 * did not answer within its bounds (a serde lookup while reading, writing or restoring) is transient:
 * the thread is replaced, its open transaction is aborted (exactly_once_v2), and the new thread goes
 * on from the last committed offsets — no record lost, none written twice. Anything else is a bug a
 * new thread would only repeat: the Streams client shuts down (Kafka's own default, made explicit),
 * liveness turns DOWN and the process is restarted by whoever runs it.
 */
@ApplicationScoped
public class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StreamThreadReplacement.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        if (RegistryUnavailableException.isCauseOf(exception)) {
            LOG.warnf("stream thread failed because the schema registry did not answer; replacing it: %s",
                    exception.getMessage());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("stream thread failed; shutting the Kafka Streams client down", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
