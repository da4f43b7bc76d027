package io.weir.processors.analytics;

import io.weir.schema.invocation.Invocation;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Re-reads a partition of weir.invocations from an offset to its current end (committed records
 * only), for a task that starts from a checkpoint older than its committed input position.
 */
@FunctionalInterface
interface InputReplay {

    /**
     * @param fold receives each decodable invocation with its offset, in offset order
     * @return the offset after the last record read: the main input below it must be skipped
     */
    long replay(TopicPartition partition, long fromOffset, ObjLongConsumer<Invocation> fold);
}
