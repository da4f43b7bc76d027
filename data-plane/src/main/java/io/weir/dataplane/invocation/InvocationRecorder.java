package io.weir.dataplane.invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.dataplane.kafka.GatewayKafka;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationBatches;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes one {@link Invocation} per request to weir.invocation-batches without ever touching the
 * request path: {@link #record} only offers to a bounded queue (never blocks); one thread drains it
 * in batches of up to {@value InvocationBatches#DRAIN_SIZE}, cuts each drained batch by API as
 * {@link InvocationBatches} says and hands an idempotent producer (which retries through broker restarts
 * for up to the delivery timeout) one {@link InvocationBatch} per API (more when it would be too large),
 * keyed by its id: a record's overhead is paid once per batch, not per call. The drainer is never woken
 * by a request: after a drain that did not fill a batch it pauses {@value #DRAIN_PAUSE_MILLIS} ms (a tenth of
 * the producer's default linger), so an event loop's offer is a lock hand-over at most, never a futex wake-up
 * and a context switch per record, and an API's invocations of those milliseconds share one record; while
 * the queue stays empty the pause doubles up to {@value #IDLE_PAUSE_MILLIS} ms. A full queue drops
 * the record and counts it ({@code weir.gateway.invocations.dropped}); a record the producer finally
 * gives up on is counted as failed - never silently.
 */
@Singleton
public class InvocationRecorder {

    private static final Logger LOG = Logger.getLogger(InvocationRecorder.class);
    static final long DRAIN_PAUSE_MILLIS = 10;
    /** An idle node looks less often: the pause doubles while the queue stays empty, up to this. */
    static final long IDLE_PAUSE_MILLIS = 16;

    private final BlockingQueue<Invocation> queue;
    private final KafkaProducer<String, InvocationBatch> producer;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lastDropLog = new AtomicLong();
    private final Counter dropped;
    private final Counter failed;
    private final Counter sent;
    private final Thread drainer;

    InvocationRecorder(GatewayKafka kafka, NodeIdentity node, InvocationConfig config, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(config.bufferCapacity());
        this.topic = kafka.topic(Topics.INVOCATION_BATCHES);
        this.producer = kafka.writer(Topics.INVOCATION_BATCHES, "gateway-" + node.nodeId() + "-invocations", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis(),
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.deliveryTimeout().toMillis()));
        this.dropped = Counter.builder("weir.gateway.invocations.dropped")
                .description("Invocation records dropped because the buffer was full").register(meters);
        this.failed = Counter.builder("weir.gateway.invocations.failed")
                .description("Invocation records the producer gave up on after its delivery timeout").register(meters);
        this.sent = Counter.builder("weir.gateway.invocations.sent")
                .description("Invocation records acknowledged by Kafka").register(meters);
        Gauge.builder("weir.gateway.invocations.buffered", queue, BlockingQueue::size)
                .description("Invocation records waiting in the node's buffer").register(meters);
        this.drainer = new Thread(this::drain, "invocation-recorder");
        this.drainer.setDaemon(true);
    }

    void start(@Observes StartupEvent event) {
        drainer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        LockSupport.unpark(drainer);
        try {
            drainer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }

    /** Never blocks: the record is buffered, or dropped and counted when the buffer is full. */
    public void record(Invocation invocation) {
        if (!queue.offer(invocation)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            long last = lastDropLog.get();
            if (now - last > 10_000 && lastDropLog.compareAndSet(last, now)) {
                LOG.warnf("invocation buffer full: records are being dropped (%.0f so far)", dropped.count());
            }
        }
    }

    private void drain() {
        List<Invocation> batch = new ArrayList<>(InvocationBatches.DRAIN_SIZE);
        long pauseMillis = DRAIN_PAUSE_MILLIS;
        while (running.get() || !queue.isEmpty()) {
            int drained = queue.drainTo(batch, InvocationBatches.DRAIN_SIZE);
            if (drained > 0) {
                send(batch);
                batch.clear();
            }
            if (drained == InvocationBatches.DRAIN_SIZE) {
                continue; // more may be waiting: no pause while calls come faster than a full batch per drain
            }
            // a pause after every partial drain, not only an empty one: draining again at once would mostly
            // find the few calls that ended while the last batch was encoded, and send them as a record of their own
            pauseMillis = drained > 0 ? DRAIN_PAUSE_MILLIS : Math.min(IDLE_PAUSE_MILLIS, pauseMillis * 2);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
            if (Thread.interrupted()) {
                break;
            }
        }
        producer.flush();
    }

    /**
     * One record per API among the drained invocations, each holding that API's in drain order (more
     * than one when they would pass {@value InvocationBatches#MAX_RECORD_BYTES} bytes).
     */
    private void send(List<Invocation> drained) {
        for (List<Invocation> invocations : InvocationBatches.of(drained, InvocationBatches.MAX_RECORD_BYTES)) {
            String api = invocations.get(0).getApiId();
            try {
                producer.send(new ProducerRecord<>(topic, api, new InvocationBatch(invocations)), (metadata, error) -> {
                    if (error == null) {
                        sent.increment(invocations.size());
                    } else {
                        failed.increment(invocations.size());
                        LOG.errorf("%d invocation records of API %s (first %s) lost after retries: %s", invocations.size(),
                                api, invocations.get(0).getInvocationId(), error.toString());
                    }
                });
            } catch (RuntimeException e) {
                failed.increment(invocations.size());
                LOG.errorf(e, "could not hand %d invocation records of API %s to the producer", invocations.size(), api);
            }
        }
    }
}
