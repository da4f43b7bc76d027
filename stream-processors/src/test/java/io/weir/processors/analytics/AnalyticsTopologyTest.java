package io.weir.processors.analytics;

import static io.weir.processors.analytics.Invocations.T0;
import static io.weir.processors.analytics.Invocations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.load.InvocationLoad;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.testing.InvocationEnvelopes;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics topology on TopologyTestDriver: batches of invocations in, window figures out at each
 * checkpoint. A batch is folded as its invocations would be, each in a record of its own.
 */
class AnalyticsTopologyTest {

    private static final String MINUTE_OF_PETS = "acme/production/API/pets//MINUTE/" + T0.toEpochMilli() + "/0";

    private final Analytics analytics = new Analytics();

    @AfterEach
    void stop() {
        analytics.close();
    }

    @Test
    void figuresArePublishedAtEachCheckpointKeyedByWindowAndPartition() {
        analytics.pipe("pets", InvocationEnvelopes.of(request("pets", T0, 200, 1000).build()));
        analytics.pipe("pets", InvocationEnvelopes.of(request("pets", T0.plusSeconds(1), 503, 3000).build()));
        assertThat(analytics.aggregates.isEmpty()).as("nothing before the checkpoint").isTrue();

        analytics.checkpoint();
        Map<String, InvocationAggregate> published = analytics.aggregates.readKeyValuesToMap();

        assertThat(published).hasSize(21); // 6 dimensions (two status classes) × 3 window sizes
        InvocationAggregate api = published.get(MINUTE_OF_PETS);
        assertThat(api.getRequests()).isEqualTo(2);
        assertThat(api.getServerErrors()).isEqualTo(1);
        assertThat(WindowFigures.decode(api.getGatewayLatency()).getMaxValue()).isBetween(2990L, 3010L);
        assertThat(published).containsKey("acme/production/GATEWAY_NODE//node-1/HOUR/" + T0.toEpochMilli() + "/0");
        assertThat(published).containsKey("acme/production/API_RESOURCE/pets/GET %2Fpets%2F{id}/HOUR/"
                + T0.toEpochMilli() + "/0");

        analytics.checkpoint();
        assertThat(analytics.aggregates.isEmpty()).as("nothing changed, nothing republished").isTrue();
    }

    @Test
    void everyInvocationOfABatchIsCounted() {
        analytics.pipe("pets", InvocationEnvelopes.of(request("pets", T0, 200, 1000).build(),
                request("pets", T0.plusSeconds(1), 503, 3000).build(), request("pets", T0.plusSeconds(2), 404, 10).build()));
        analytics.pipe("pets", null); // a tombstone counts nothing

        analytics.checkpoint();
        InvocationAggregate api = analytics.aggregates.readKeyValuesToMap().get(MINUTE_OF_PETS);

        assertThat(api.getRequests()).isEqualTo(3);
        assertThat(api.getServerErrors()).isEqualTo(1);
        assertThat(api.getClientErrors()).isEqualTo(1);
    }

    @Test
    void aRedeliveredInvocationIsADuplicateWhereverItsBatchPutsIt() {
        Invocation first = request("pets", T0, 200, 1000).build();
        Invocation second = request("pets", T0.plusSeconds(1), 200, 1000).build();
        Invocation third = request("pets", T0.plusSeconds(2), 200, 1000).build();
        Invocation fourth = request("pets", T0.plusSeconds(3), 200, 1000).build();
        analytics.pipe("pets", InvocationEnvelopes.of(first, second));
        analytics.pipe("pets", InvocationEnvelopes.of(third, first)); // again, in a later batch
        analytics.checkpoint();
        analytics.pipe("pets", InvocationEnvelopes.of(first, second)); // the whole batch again, after a checkpoint
        analytics.pipe("pets", InvocationEnvelopes.of(fourth, fourth)); // twice in one batch

        analytics.checkpoint();
        InvocationAggregate api = analytics.aggregates.readKeyValuesToMap().get(MINUTE_OF_PETS);

        assertThat(api.getRequests()).as("four invocations").isEqualTo(4);
        assertThat(api.getDuplicates()).as("four repeated deliveries").isEqualTo(4);
    }

    @Test
    void largeBatchesPerApiPublishTheFiguresOfARecordPerInvocation() {
        List<Invocation> load = InvocationLoad.builder().seed(11).organization("acme").apis(List.of("pets", "orders", "chat"))
                .start(T0).spacing(Duration.ofMillis(150)).repeatedEvery(23).outOfOrderEvery(17, Duration.ofSeconds(50))
                .lateEvery(97, Duration.ofMinutes(5)).streamingEvery(5).generate(6_000);
        try (Analytics oneByOne = new Analytics()) {
            int records = 0;
            for (int from = 0; from < load.size(); from += InvocationBatches.DRAIN_SIZE) {
                List<KeyValue<String, InvocationBatch>> drained = InvocationEnvelopes.recorded(
                        load.subList(from, Math.min(load.size(), from + InvocationBatches.DRAIN_SIZE)), InvocationBatches.DRAIN_SIZE);
                List<Invocation> inBatchOrder = drained.stream().flatMap(record -> record.value.getInvocations().stream())
                        .toList();
                drained.forEach(record -> analytics.pipe(record.key, record.value));
                InvocationEnvelopes.recorded(inBatchOrder, 1).forEach(record -> oneByOne.pipe(record.key, record.value));
                analytics.checkpoint();
                oneByOne.checkpoint();
                records += drained.size();
            }

            Map<String, Map<String, Object>> batched = analytics.published();
            assertThat(records).as("records of the batched run").isLessThan(30);
            assertThat(batched).as("published figures").hasSizeGreaterThan(100);
            assertThat(batched.values()).as("late and repeated invocations in the load")
                    .anySatisfy(figures -> assertThat((Long) figures.get("late")).isPositive())
                    .anySatisfy(figures -> assertThat((Long) figures.get("duplicates")).isPositive());
            assertThat(batched).isEqualTo(oneByOne.published());
        }
    }

    /** One analytics app on its own TopologyTestDriver, from wall clock {@code T0}. */
    private static final class Analytics implements AutoCloseable {

        private final TopologyTestDriver driver;
        private final TestInputTopic<String, InvocationBatch> batches;
        private final TestOutputTopic<String, InvocationAggregate> aggregates;

        Analytics() {
            TopicNaming naming = TopicNaming.defaults();
            ProcessorSerdes serdes = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());
            StreamsBuilder builder = new StreamsBuilder();
            new AnalyticsTopology(naming, serdes, AnalyticsSettings.defaults()).build(builder);
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory()); // two apps of one test side by side
            driver = new TopologyTestDriver(builder.build(), config, T0);
            batches = driver.createInputTopic(naming.name(Topics.INVOCATION_BATCHES), Serdes.String().serializer(),
                    serdes.of(InvocationBatch.class).serializer());
            aggregates = driver.createOutputTopic(naming.name(Topics.ANALYTICS_INVOCATIONS), Serdes.String().deserializer(),
                    serdes.of(InvocationAggregate.class).deserializer());
        }

        private static String stateDirectory() {
            try {
                return Files.createTempDirectory("analytics-test").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void pipe(String api, InvocationBatch batch) {
            batches.pipeInput(api, batch);
        }

        /** Past the checkpoint interval of the wall clock: the changed windows are published. */
        void checkpoint() {
            driver.advanceWallClockTime(Duration.ofMillis(200));
        }

        /** The latest figures published per key (null: a tombstone), from every checkpoint so far. */
        Map<String, Map<String, Object>> published() {
            Map<String, Map<String, Object>> figures = new TreeMap<>();
            aggregates.readKeyValuesToList().forEach(record ->
                    figures.put(record.key, record.value == null ? null : Figures.of(record.value)));
            return figures;
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
