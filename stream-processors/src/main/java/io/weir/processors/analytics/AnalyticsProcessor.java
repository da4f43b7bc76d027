package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.invocation.InvocationBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Runs the {@link InvocationFold} of one partition of weir.invocation-batches in memory and, every
 * checkpoint interval, writes what changed — window figures, new invocation fingerprints, gauges
 * and the fold's position (stream time, next input offset) — to its logged stores, and publishes the
 * changed windows to weir.analytics.invocations, in the same exactly-once transaction.
 *
 * <p>Why exact: the committed stores always hold the fold after some offset {@code p} (the last
 * checkpoint committed), while Streams may have committed the input up to {@code c >= p} (records
 * folded after that checkpoint, in memory only). A task that starts — after a crash, a rebalance
 * or on another instance — restores the stores, re-reads {@code [p, end)} of its partition itself
 * ({@link InputReplay}) and then skips the Streams input below {@code end}. The fold is a pure
 * function of the records in offset order, so it arrives at exactly the figures an uninterrupted
 * run would have. Per-record work stays in memory (no store write per invocation): that is where
 * the throughput comes from.
 *
 * <p>A record is a batch of invocations; every offset above is a record's. A record is folded whole
 * within one {@code process} call, and the checkpoint punctuation runs only between two calls, so a
 * checkpoint, a commit and the replay's {@code end} all fall between batches, never inside one.
 */
final class AnalyticsProcessor implements Processor<String, InvocationBatch, String, InvocationAggregate> {

    private static final Logger LOG = Logger.getLogger(AnalyticsProcessor.class);

    private final AnalyticsSettings settings;
    private final String inputTopic;
    private final Function<Map<String, Object>, InputReplay> replays;
    private final InvocationFold fold;
    private ProcessorContext<String, InvocationAggregate> context;
    private KeyValueStore<String, InvocationAggregate> windows;
    private KeyValueStore<String, byte[]> checkpoints;
    private int partition;
    private long skipBelow = -1;
    private long sequence;
    private long expiredBucketsBefore = Long.MIN_VALUE;
    private long lastEviction = Long.MIN_VALUE;
    private boolean positioned;

    AnalyticsProcessor(AnalyticsSettings settings, String inputTopic, Function<Map<String, Object>, InputReplay> replays) {
        this.settings = settings;
        this.inputTopic = inputTopic;
        this.replays = replays;
        this.fold = new InvocationFold(settings);
    }

    @Override
    public void init(ProcessorContext<String, InvocationAggregate> context) {
        this.context = context;
        this.windows = context.getStateStore(AnalyticsTopology.WINDOWS_STORE);
        this.checkpoints = context.getStateStore(AnalyticsTopology.CHECKPOINT_STORE);
        this.partition = context.taskId().partition();
        restore();
        context.schedule(settings.checkpointInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkpoint);
    }

    private void restore() {
        byte[] stored = checkpoints.get(CheckpointCodec.POSITION);
        if (stored == null) {
            return; // a task that never folded anything: its first record writes the position (see process)
        }
        positioned = true;
        CheckpointCodec.Position position = CheckpointCodec.position(stored);
        fold.restorePosition(position.streamTime(), position.nextOffset());
        sequence = position.sequence();
        try (KeyValueIterator<String, byte[]> gauges = checkpoints.prefixScan(CheckpointCodec.GAUGE_PREFIX,
                new StringSerializer())) {
            gauges.forEachRemaining(entry -> {
                CheckpointCodec.Gauge gauge = CheckpointCodec.gauge(entry.value);
                fold.restoreGauge(gauge.dimension(), gauge.value());
            });
        }
        try (KeyValueIterator<String, byte[]> seen = checkpoints.prefixScan(CheckpointCodec.SEEN_PREFIX,
                new StringSerializer())) {
            seen.forEachRemaining(entry -> fold.restoreFingerprints(CheckpointCodec.bucketOfSeenKey(entry.key),
                    CheckpointCodec.fingerprints(entry.value)));
        }
        for (AnalyticsWindowSize size : position.streamTime() == Long.MIN_VALUE ? List.<AnalyticsWindowSize>of()
                : AnalyticsSettings.SIZES) {
            long oldestOpen = position.streamTime() - WindowKey.length(size).toMillis()
                    - settings.graceOf(size).toMillis();
            try (KeyValueIterator<String, InvocationAggregate> open = windows.range(
                    WindowKey.storeKeyBound(size, oldestOpen), WindowKey.storePrefix(size) + "~")) {
                open.forEachRemaining(entry -> fold.restoreWindow(WindowKey.of(entry.value),
                        WindowFigures.fromRecord(entry.value)));
            }
        }
        TopicPartition input = new TopicPartition(inputTopic, partition);
        long before = fold.folded();
        skipBelow = replays.apply(context.appConfigs()).replay(input, position.nextOffset(), fold::apply);
        LOG.infof("analytics %s resumed at offset %d: %d open windows, %d fingerprints, %d invocations re-read up to %d",
                input, position.nextOffset(), fold.openWindows(), fold.fingerprints(), fold.folded() - before, skipBelow);
    }

    @Override
    public void process(Record<String, InvocationBatch> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        if (record.value() == null || (offset >= 0 && offset < skipBelow)) {
            return; // a tombstone, or already folded by the replay
        }
        if (!positioned && offset >= 0) {
            // before anything is folded, so that a commit that covers this record never goes without a
            // position to re-read from: a crash before the first checkpoint then replays from here
            checkpoints.put(CheckpointCodec.POSITION, CheckpointCodec.position(
                    new CheckpointCodec.Position(Long.MIN_VALUE, offset, sequence)));
            positioned = true;
        }
        fold.apply(record.value(), offset);
    }

    private void checkpoint(long wallClock) {
        InvocationFold.Changes changes = fold.drain();
        if (changes.isEmpty()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClock);
        changes.windows().forEach((key, figures) -> publish(key, figures, now));
        changes.closedDeltas().forEach((key, delta) -> {
            InvocationAggregate stored = windows.get(key.storeKey(partition));
            WindowFigures figures = stored == null ? new WindowFigures() : WindowFigures.fromRecord(stored);
            figures.late += delta[0];
            figures.duplicates += delta[1];
            publish(key, figures, now);
        });
        changes.fingerprints().forEach((bucket, pairs) -> {
            for (int from = 0; from < pairs.length / 2; from += CheckpointCodec.FINGERPRINTS_PER_BLOB) {
                int to = Math.min(pairs.length / 2, from + CheckpointCodec.FINGERPRINTS_PER_BLOB);
                checkpoints.put(CheckpointCodec.seenKey(bucket, sequence++), CheckpointCodec.fingerprints(pairs, from, to));
            }
        });
        changes.gauges().forEach((dimension, value) ->
                checkpoints.put(CheckpointCodec.gaugeKey(dimension), CheckpointCodec.gauge(dimension, value)));
        checkpoints.put(CheckpointCodec.POSITION, CheckpointCodec.position(
                new CheckpointCodec.Position(changes.streamTime(), changes.nextOffset(), sequence)));
        forgetExpired(changes.streamTime(), now);
    }

    private void publish(WindowKey key, WindowFigures figures, Instant now) {
        InvocationAggregate aggregate = figures.toRecord(key, partition, now);
        windows.put(key.storeKey(partition), aggregate);
        context.forward(new Record<>(key.topicKey(partition), aggregate, now.toEpochMilli()));
    }

    /** Deletes fingerprints past the dedupe retention and, once a minute, windows past their retention. */
    private void forgetExpired(long streamTime, Instant now) {
        long bucketBound = Fingerprints.expiredBefore(streamTime, settings.dedupeRetention());
        if (bucketBound > expiredBucketsBefore) {
            deleteRange(checkpoints, CheckpointCodec.SEEN_PREFIX, CheckpointCodec.seenBound(bucketBound), key -> { });
            expiredBucketsBefore = bucketBound;
        }
        if (lastEviction != Long.MIN_VALUE && streamTime - lastEviction < 60_000) {
            return;
        }
        lastEviction = streamTime;
        for (AnalyticsWindowSize size : AnalyticsSettings.SIZES) {
            long firstKept = streamTime - settings.retentionOf(size).toMillis() - WindowKey.length(size).toMillis() + 1;
            int prefix = WindowKey.storeKeyBound(size, 0).length() + 1;
            deleteRange(windows, WindowKey.storePrefix(size), WindowKey.storeKeyBound(size, firstKept), storeKey ->
                    context.forward(new Record<>(storeKey.substring(prefix), null, now.toEpochMilli())));
        }
    }

    private static <V> void deleteRange(KeyValueStore<String, V> store, String from, String to,
                                        Consumer<String> deleted) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> range = store.range(from, to)) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(key -> {
            store.delete(key);
            deleted.accept(key);
        });
    }
}
