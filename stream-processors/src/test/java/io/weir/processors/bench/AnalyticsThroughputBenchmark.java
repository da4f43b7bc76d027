package io.weir.processors.bench;

import io.weir.harness.SharedComponents;
import io.weir.harness.load.InvocationLoad;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.analytics.AnalyticsSettings;
import io.weir.processors.analytics.AnalyticsTopology;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationBatches;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI: {@code mvn -pl stream-processors verify -Dit.test=AnalyticsThroughputBenchmark
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dweir.test.argLine="-Xmx1g -XX:+UseSerialGC"} (the
 * project's test JVMs run C1 only; the packaged app has the full JIT). {@code -Dweir.bench.invocations=N}
 * (default 1,000,000), {@code -Dweir.bench.threads=N} (stream threads, default 1), {@code -Dweir.bench.batch=N}
 * (invocations per record at most, default {@value InvocationBatches#DRAIN_SIZE} as a gateway node's recorder
 * drains them; 1 writes a record per invocation). Writes N invocations (12 APIs over the 6 partitions, 1/7
 * streaming, 2 % repeated) under a fresh topic prefix, in batches per API, then times one instance of the
 * analytics topology (one stream thread by default, exactly once, Apicurio serdes, real broker and registry,
 * fresh application id) until its committed input offsets reach the end of weir.invocation-batches. Offsets
 * count records (batches); the table's rates are of invocations.
 */
class AnalyticsThroughputBenchmark {

    private static final int CHUNK = 100_000;

    @Test
    void invocationsPerSecondOfOneInstance() throws Exception {
        int total = Integer.getInteger("weir.bench.invocations", 1_000_000);
        String bootstrap = SharedComponents.kafka().bootstrapServers();
        String registry = SharedComponents.registry().url();
        TopicNaming naming = TopicNaming.withPrefix("bench" + UUID.randomUUID().toString().substring(0, 6) + ".");
        PlatformBootstrap.run(bootstrap, registry, naming, (short) 1);
        List<String> apis = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "api-" + i).toList();
        Instant start = Instant.now().minus(Duration.ofMillis(total));

        int batch = Integer.getInteger("weir.bench.batch", InvocationBatches.DRAIN_SIZE);
        long produceStart = System.nanoTime();
        long produced = 0;
        long written = 0; // with the repeated deliveries
        try (KafkaProducer<String, InvocationBatch> producer = InvocationLoad.producer(bootstrap, registry)) {
            for (int chunk = 0; produced < total; chunk++) {
                List<Invocation> invocations = InvocationLoad.builder().seed(chunk).apis(apis)
                        .start(start.plusMillis((long) chunk * CHUNK)).spacing(Duration.ofMillis(1))
                        .repeatedEvery(50).streamingEvery(7).generate((int) Math.min(CHUNK, total - produced));
                written += InvocationLoad.produce(producer, naming.name(Topics.INVOCATION_BATCHES), invocations, batch)
                        .size();
                produced += invocations.size() - invocations.size() / 51;
            }
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

        String applicationId = "analytics-bench-" + UUID.randomUUID();
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(naming, ProcessorSerdes.apicurio(registry), AnalyticsSettings.defaults()).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        int threads = Integer.getInteger("weir.bench.threads", 1);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("analytics-bench").toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            String topic = naming.name(Topics.INVOCATION_BATCHES);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < Topics.INVOCATION_BATCHES.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
            long started = System.nanoTime();
            streams.start();
            long firstProgress = 0;
            long committed = 0;
            long deadline = started + Duration.ofMinutes(15).toNanos();
            while (committed < end && System.nanoTime() < deadline) {
                Thread.sleep(250); // a benchmark's sampling interval, not a test wait
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                committed = offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
                if (firstProgress == 0 && committed > 0) {
                    firstProgress = System.nanoTime();
                }
            }
            double totalSeconds = (System.nanoTime() - started) / 1e9;
            double steadySeconds = (System.nanoTime() - firstProgress) / 1e9;
            // every record holds about as many invocations: exact once all are committed, else proportional
            long aggregated = committed >= end ? written : Math.round((double) written * committed / end);
            System.out.println();
            System.out.println("| analytics, one instance, " + threads + " stream thread(s), exactly once, batches of up to "
                    + batch + " | records | invocations | seconds | invocations/s |");
            System.out.println("| --- | --- | --- | --- | --- |");
            System.out.printf(Locale.ROOT, "| produce weir.invocation-batches (one producer, lz4) | %d | %d | %.1f | %.0f |%n",
                    end, written, produceSeconds, written / produceSeconds);
            System.out.printf(Locale.ROOT, "| aggregate, from start of the app | %d | %d | %.1f | %.0f |%n", committed,
                    aggregated, totalSeconds, aggregated / totalSeconds);
            System.out.printf(Locale.ROOT, "| aggregate, from the first commit on | %d | %d | %.1f | %.0f |%n", committed,
                    aggregated, steadySeconds, aggregated / steadySeconds);
        }
    }
}
