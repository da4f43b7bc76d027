package io.weir.processors.analytics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.config.ProcessorsConfig;
import io.weir.processors.config.StreamsProperties;
import io.weir.processors.registry.StreamThreadReplacement;
import io.weir.schema.catalogue.TopicNaming;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The analytics as a Kafka Streams application of their own, beside the app's main one (commands,
 * projections, throttling): its own application id ({@code weir.processors.analytics.application-id},
 * by default the main one's with {@value #APPLICATION_ID_SUFFIX} appended), so its own stream thread,
 * consumer group, transactions and {@code commit-interval}.
 *
 * <p>Why not a topology of the main application: an exactly-once application commits every task at one
 * interval, and the command and projection path needs 100 ms for config to reach the gateways within a
 * second, while the analytics' figures are only visible to readers at a commit anyway and are fine a few
 * hundred milliseconds later. Under traffic every commit is a transaction over the analytics' changelog and
 * output partitions too, which the broker and the processors pay ten times a second. And one stream
 * thread folding an analytics backlog (a restart after downtime, a day of invocations to catch up) would
 * hold up commands and gateway state behind it; here it cannot.
 *
 * <p>It starts once the main client is running (Quarkus starts that one only after the source topics
 * exist and the schemas are warm), with every {@code kafka-streams.*} setting of the main client except
 * the application id and the commit interval. Health: {@link AnalyticsStreamsHealth}.
 */
@Singleton
public class AnalyticsStreams {

    /** Appended to {@code quarkus.kafka-streams.application-id} when no application id is configured. */
    public static final String APPLICATION_ID_SUFFIX = "-analytics";

    private static final Logger LOG = Logger.getLogger(AnalyticsStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long START_POLL_MILLIS = 100;

    private final KafkaStreams main;
    private final AnalyticsConfig analytics;
    private final ProcessorsConfig processors;
    private final StreamThreadReplacement threadFailures;
    private final Config config;
    private final String registryUrl;
    private volatile KafkaStreams streams;
    private volatile boolean stopping;
    private volatile long stopRequestedNanos;
    private Thread starter;

    AnalyticsStreams(KafkaStreams main, AnalyticsConfig analytics, ProcessorsConfig processors,
                     StreamThreadReplacement threadFailures, Config config,
                     @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.main = main;
        this.analytics = analytics;
        this.processors = processors;
        this.threadFailures = threadFailures;
        this.config = config;
        this.registryUrl = registryUrl;
    }

    void onStart(@Observes StartupEvent event) {
        starter = new Thread(this::startWhenMainRuns, "analytics-streams-starter");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenMainRuns() {
        try {
            while (!stopping && !main.state().isRunningOrRebalancing()) {
                Thread.sleep(START_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (stopping) {
                return;
            }
            Properties properties = properties(StreamsProperties.of(config), analytics.applicationId(),
                    analytics.commitInterval());
            StreamsBuilder builder = new StreamsBuilder();
            new AnalyticsTopology(TopicNaming.withPrefix(processors.topicPrefix()), ProcessorSerdes.apicurio(registryUrl),
                    AnalyticsSettings.from(analytics)).build(builder);
            KafkaStreams client = new KafkaStreams(builder.build(), properties);
            client.setUncaughtExceptionHandler(threadFailures);
            client.start();
            streams = client;
            LOG.infof("analytics started as Kafka Streams application %s (commit interval %d ms)",
                    properties.get(StreamsConfig.APPLICATION_ID_CONFIG), analytics.commitInterval().toMillis());
        }
    }

    /** The main client's settings with the analytics' application id and commit interval. */
    static Properties properties(Properties main, Optional<String> applicationId, Duration commitInterval) {
        Properties properties = new Properties();
        properties.putAll(main);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId.orElse(main.get(StreamsConfig.APPLICATION_ID_CONFIG) + APPLICATION_ID_SUFFIX));
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        // a client id of the main application's would name both clients' threads and metrics alike
        properties.remove(StreamsConfig.CLIENT_ID_CONFIG);
        return properties;
    }

    /** The client's state; {@code null} until it started. */
    KafkaStreams.State state() {
        KafkaStreams client = streams;
        return client == null ? null : client.state();
    }

    /**
     * Starts closing the client without waiting, so that it shuts down while Quarkus closes the main one
     * (one after the other they would take longer than a supervisor's grace period); {@link #closed()}
     * waits for it.
     */
    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        if (starter != null) {
            starter.interrupt();
        }
        KafkaStreams client = streams;
        if (client != null) {
            stopRequestedNanos = System.nanoTime();
            client.close(Duration.ZERO);
        }
    }

    @PreDestroy
    void closed() {
        KafkaStreams client = streams;
        if (client == null) {
            return;
        }
        if (stopRequestedNanos == 0) { // destroyed without a shutdown event
            stopRequestedNanos = System.nanoTime();
        }
        Duration left = CLOSE_TIMEOUT.minusNanos(System.nanoTime() - stopRequestedNanos);
        boolean done = client.close(left.isNegative() ? Duration.ZERO : left);
        LOG.infof("analytics Kafka Streams %s after %d ms", done ? "closed" : "not closed",
                (System.nanoTime() - stopRequestedNanos) / 1_000_000);
    }
}
