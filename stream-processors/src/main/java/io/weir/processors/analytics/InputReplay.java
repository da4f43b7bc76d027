package io.weir.processors.analytics;

import io.weir.schema.invocation.InvocationBatch;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Re-reads a partition of weir.invocation-batches from an offset to its current end (committed
 * records only), for a task that starts from a checkpoint older than its committed input position.
 * It hands over whole records — a batch is folded entirely or not at all — because the checkpoint's
 * position is a record offset.
 */
@FunctionalInterface
interface InputReplay {

    /**
     * @param fold receives each decodable batch with its record's offset, in offset order
     * @return the offset after the last record read: the main input below it must be skipped
     */
    long replay(TopicPartition partition, long fromOffset, ObjLongConsumer<InvocationBatch> fold);
}
