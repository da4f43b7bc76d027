package io.weir.processors.analytics;

import io.quarkus.runtime.ShutdownEvent;
import io.weir.processors.ProcessorSerdes;
import io.weir.processors.config.ProcessorsConfig;
import io.weir.processors.registry.StreamThreadReplacement;
import io.weir.schema.catalogue.TopicNaming;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The analytics as a Kafka Streams application of their own, beside the app's main one (commands,
 * projections, gateway state, throttling): its own application id
 * ({@code weir.processors.analytics.application-id}, by default the main one's with
 * {@value #APPLICATION_ID_SUFFIX} appended), so its own stream thread, consumer group, transactions and
 * {@code commit-interval}.
 *
 * <p>Why not a topology of the main application: the analytics can then be reset and rebuilt from the
 * retained invocations without touching the command processor's state, scaled with their own threads, and
 * given their own freshness; a backlog to fold shares no stream thread with commands. (It does not save
 * CPU: measured in docs/gateway.md.)
 *
 * <p>It is the main client's state listener (Quarkus sets a {@link KafkaStreams.StateListener} bean on it)
 * and starts when that client first runs — Quarkus starts it only once the source topics exist and the
 * schemas are warm — with the main client's settings (Quarkus' {@link StreamsConfig}: every
 * {@code kafka-streams.*} and {@code quarkus.kafka-streams.*} setting) except the application id and the
 * commit interval. Health: {@link AnalyticsStreamsHealth}.
 */
@Singleton
public class AnalyticsStreams implements KafkaStreams.StateListener {

    /** Appended to {@code quarkus.kafka-streams.application-id} when no application id is configured. */
    public static final String APPLICATION_ID_SUFFIX = "-analytics";

    private static final Logger LOG = Logger.getLogger(AnalyticsStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Lazy: Quarkus builds the main client's settings and asks for this listener in the same step. */
    private final Instance<StreamsConfig> mainConfig;
    private final AnalyticsConfig analytics;
    private final ProcessorsConfig processors;
    private final StreamThreadReplacement threadFailures;
    private final String registryUrl;
    private volatile KafkaStreams streams;
    private boolean starting;
    private boolean stopping;
    private volatile long stopRequestedNanos;

    AnalyticsStreams(Instance<StreamsConfig> mainConfig, AnalyticsConfig analytics, ProcessorsConfig processors,
                     StreamThreadReplacement threadFailures,
                     @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.mainConfig = mainConfig;
        this.analytics = analytics;
        this.processors = processors;
        this.threadFailures = threadFailures;
        this.registryUrl = registryUrl;
    }

    /** The main client's state changed: the first time it runs, the analytics start (off its stream thread). */
    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        synchronized (this) {
            if (newState != KafkaStreams.State.RUNNING || starting || stopping) {
                return;
            }
            starting = true;
        }
        Thread starter = new Thread(this::start, "analytics-streams-starter");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void start() {
        if (stopping) {
            return;
        }
        Properties properties = properties(mainConfig.get().originals(), analytics.applicationId(), analytics.commitInterval());
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

    /** The main client's settings with the analytics' application id and commit interval. */
    static Properties properties(Map<String, Object> main, Optional<String> applicationId, Duration commitInterval) {
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
     * Starts closing the client without waiting, so that it shuts down while Quarkus closes the main one;
     * {@link #closed()} waits for it.
     */
    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) { // after a start in progress, before any later one
            stopping = true;
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
