package io.weir.processors.analytics;

import static io.weir.processors.analytics.Invocations.T0;
import static io.weir.processors.analytics.Invocations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.testing.InvocationEnvelopes;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint-and-replay contract of {@link AnalyticsProcessor}: a task that stops anywhere after
 * a checkpoint (a crash: whatever it folded since is lost from memory) and starts again from its
 * stores, re-reading its partition from the checkpoint, ends with exactly the figures of a run
 * that never stopped — with late, out-of-order and repeated invocations in the input, whether each
 * record holds one invocation or a batch of them. Offsets are record offsets: a batch's invocations
 * share one.
 */
class AnalyticsProcessorTest {

    private static final String TOPIC = "weir.invocation-batches";
    /** The records of the partition, in offset order (offset = index). */
    private List<InvocationBatch> input = records(input(), 1);

    @Test
    void aTaskRestartedFromItsLastCheckpointEndsWithTheFiguresOfAnUninterruptedRun() throws Exception {
        Map<String, Map<String, Object>> uninterrupted = run(List.of());
        for (int[] crash : List.of(new int[] {100, 140}, new int[] {0, 0}, new int[] {0, 140}, new int[] {250, 250}, new int[] {399, 420})) {
            assertThat(run(List.of(crash[0], crash[1]))).as("checkpoint at %d, committed at %d", crash[0], crash[1])
                    .isEqualTo(uninterrupted);
        }
    }

    @Test
    void aTaskRestartedAmidBatchesEndsWithTheFiguresOfAnUninterruptedRunAndOfARecordPerInvocation() throws Exception {
        input = records(input(), 16); // two APIs: about 54 records of up to 16 invocations
        assertThat(input).hasSizeLessThan(60)
                .anySatisfy(batch -> assertThat(batch.getInvocations()).hasSizeGreaterThan(10));
        Map<String, Map<String, Object>> uninterrupted = run(List.of());
        int last = input.size();
        for (int[] crash : List.of(new int[] {10, 14}, new int[] {0, 0}, new int[] {0, 14}, new int[] {25, 25},
                new int[] {7, last - 1}, new int[] {last - 1, last})) {
            assertThat(run(List.of(crash[0], crash[1]))).as("checkpoint at record %d, committed at record %d", crash[0], crash[1])
                    .isEqualTo(uninterrupted);
        }

        input = records(input.stream().flatMap(batch -> batch.getInvocations().stream()).toList(), 1);
        assertThat(run(List.of())).as("the same invocations, a record each").isEqualTo(uninterrupted);
    }

    @Test
    void closedDeltasUpdateTheStoredWindowAndArePublished() throws Exception {
        Task task = new Task(new Stores2());
        task.process(0, InvocationEnvelopes.of(request("pets", T0, 200, 10).build()));
        task.punctuate();
        task.process(1, InvocationEnvelopes.of(request("pets", T0.plusSeconds(3600 * 2), 200, 10).build()));
        task.punctuate();
        task.process(2, InvocationEnvelopes.of(request("pets", T0.plusSeconds(5), 200, 10).build()));
        task.punctuate();

        InvocationAggregate minute = task.stores.windows().get(
                WindowKey.of(new DimensionKey("acme", "production", io.weir.schema.analytics.AnalyticsDimension.API, "pets", ""),
                        io.weir.schema.analytics.AnalyticsWindowSize.MINUTE, T0.toEpochMilli()).storeKey(0));
        assertThat(minute.getRequests()).isEqualTo(1);
        assertThat(minute.getLate()).isEqualTo(1);
        assertThat(task.context.forwarded()).anySatisfy(forwarded ->
                assertThat(forwarded.record().value()).isEqualTo(minute));
    }

    /**
     * Runs the input through one task; with {@code crash = [checkpointAt, committedAt]} the task
     * checkpoints after {@code checkpointAt} records, folds up to {@code committedAt} in memory only,
     * dies, and a new task on the same stores replays from the checkpoint and takes the input from
     * {@code committedAt}. Returns the stored figures by store key.
     */
    private Map<String, Map<String, Object>> run(List<Integer> crash) throws Exception {
        Stores2 stores = new Stores2();
        int from = 0;
        if (!crash.isEmpty()) {
            Task first = new Task(stores);
            for (int i = 0; i < crash.get(1); i++) {
                first.process(i, input.get(i));
                if (i % 37 == 0 && i < crash.get(0)) {
                    first.punctuate();
                }
                if (i == crash.get(0) - 1) {
                    first.punctuate();
                }
            }
            from = crash.get(1);
        }
        Task task = new Task(stores);
        for (int i = from; i < input.size(); i++) {
            task.process(i, input.get(i));
            if (i % 53 == 0) {
                task.punctuate();
            }
        }
        task.punctuate();
        Map<String, Map<String, Object>> figures = new TreeMap<>();
        try (KeyValueIterator<String, InvocationAggregate> all = stores.windows().all()) {
            all.forEachRemaining(entry -> figures.put(entry.key, Figures.of(entry.value)));
        }
        return figures;
    }

    /** The records a gateway writes for {@code invocations}, draining up to {@code maxBatch} at a time. */
    private static List<InvocationBatch> records(List<Invocation> invocations, int maxBatch) {
        return InvocationEnvelopes.recorded(invocations, maxBatch).stream().map(record -> record.value).toList();
    }

    /** 420 invocations over 20 minutes, some repeated, some out of order, some too late for their minute. */
    private static List<Invocation> input() {
        Random random = new Random(7);
        List<Invocation> invocations = new ArrayList<>();
        for (int i = 0; invocations.size() < 420; i++) {
            long second = i * 3L + (random.nextInt(10) == 0 ? -random.nextInt(300) : 0);
            Invocation invocation = request(random.nextBoolean() ? "pets" : "orders", T0.plusSeconds(Math.max(0, second)),
                    random.nextInt(6) == 0 ? 503 : 200, 50 + random.nextInt(5000))
                    .setApplicationId("app-" + random.nextInt(3)).setGatewayNode("node-" + random.nextInt(2)).build();
            invocations.add(invocation);
            if (random.nextInt(20) == 0) {
                invocations.add(invocation);
            }
        }
        return invocations.subList(0, 420);
    }

    /** The task's two stores; they outlive a task, as the changelog does. */
    private static final class Stores2 {
        private KeyValueStore<String, InvocationAggregate> windows;
        private KeyValueStore<String, byte[]> checkpoints;

        KeyValueStore<String, InvocationAggregate> windows() {
            return windows;
        }
    }

    private final class Task {
        final Stores2 stores;
        final MockProcessorContext<String, InvocationAggregate> context;
        final AnalyticsProcessor processor;

        Task(Stores2 stores) throws Exception {
            this.stores = stores;
            Properties config = new Properties();
            config.put("application.id", "analytics-test");
            config.put("bootstrap.servers", "unused:9092");
            File dir = Files.createTempDirectory("analytics-test").toFile();
            context = new MockProcessorContext<>(config, new TaskId(0, 0), dir);
            if (stores.windows == null) {
                stores.windows = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AnalyticsTopology.WINDOWS_STORE),
                        Serdes.String(), new SelfDescribingAvroSerde<InvocationAggregate>()).withLoggingDisabled().build();
                stores.windows.init(context.getStateStoreContext(), stores.windows);
                stores.checkpoints = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AnalyticsTopology.CHECKPOINT_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
                stores.checkpoints.init(context.getStateStoreContext(), stores.checkpoints);
            }
            context.addStateStore(stores.windows);
            context.addStateStore(stores.checkpoints);
            processor = new AnalyticsProcessor(AnalyticsSettings.defaults(), TOPIC, appConfig -> (partition, fromOffset, fold) -> {
                for (int i = (int) fromOffset; i < input.size(); i++) {
                    fold.accept(input.get(i), i);
                }
                return input.size();
            });
            processor.init(context);
        }

        void process(long offset, InvocationBatch batch) {
            Invocation first = batch.getInvocations().get(0);
            context.setRecordMetadata(TOPIC, 0, offset);
            processor.process(new Record<>(first.getApiId(), batch, first.getTimestamp().toEpochMilli()));
        }

        void punctuate() {
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(System.currentTimeMillis());
        }
    }
}
