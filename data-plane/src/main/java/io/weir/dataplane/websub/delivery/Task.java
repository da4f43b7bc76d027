package io.weir.dataplane.websub.delivery;

import io.vertx.core.Future;
import io.weir.schema.webhook.WebhookDispatch;
import org.apache.kafka.common.TopicPartition;

/** One dispatch record being delivered by this node: where it was read, which attempt is next, whether its partition was taken away. */
final class Task {

    final WebhookDispatch dispatch;
    final TopicPartition partition;
    final long offset;
    int attempt;
    volatile boolean cancelled;
    /** Completes once Kafka acknowledged the record of the task's latest attempt (none yet: complete). */
    Future<Void> recorded = Future.succeededFuture();

    Task(WebhookDispatch dispatch, TopicPartition partition, long offset) {
        this.dispatch = dispatch;
        this.partition = partition;
        this.offset = offset;
    }
}
