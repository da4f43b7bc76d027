package io.weir.processors.streams;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The Kafka Streams client of one {@link CompanionTopology}: started once, closed once. */
final class CompanionStreams {

    private final CompanionTopology topology;
    private volatile KafkaStreams client;
    private volatile String applicationId;
    private volatile RuntimeException startFailure;

    CompanionStreams(CompanionTopology topology) {
        this.topology = topology;
    }

    String name() {
        return topology.name();
    }

    /**
     * Starts the client with the main application's settings but its own application id and commit
     * interval. A client that cannot be built or started (a topology that fails to build, settings Kafka
     * Streams refuses) is not thrown at the caller, which starts the other companions: it is kept as this
     * companion's {@linkplain #startFailure() start failure}, which its health check reports.
     *
     * @return whether the client started
     */
    boolean start(Map<String, Object> mainSettings, StreamsUncaughtExceptionHandler failures) {
        try {
            Properties properties = properties(mainSettings, topology.name(), topology.applicationId(), topology.commitInterval());
            KafkaStreams started = new KafkaStreams(topology.build(), properties);
            started.setUncaughtExceptionHandler(failures);
            started.start();
            applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            client = started;
            return true;
        } catch (RuntimeException e) {
            startFailure = e;
            return false;
        }
    }

    /** Why the client could not start; {@code null} unless {@link #start} failed. */
    RuntimeException startFailure() {
        return startFailure;
    }

    /** The main client's settings with a companion's application id and commit interval. */
    static Properties properties(Map<String, Object> main, String name, Optional<String> applicationId, Duration commitInterval) {
        Properties properties = new Properties();
        properties.putAll(main);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId.orElse(main.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + name));
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        // a client id of the main application's would name the clients' threads and metrics alike
        properties.remove(StreamsConfig.CLIENT_ID_CONFIG);
        return properties;
    }

    /** The application id it runs with; {@code null} until it started. */
    String applicationId() {
        return applicationId;
    }

    /** The client's state; {@code null} until it started. */
    KafkaStreams.State state() {
        KafkaStreams started = client;
        return started == null ? null : started.state();
    }

    /** Asks the client to close without waiting for it. */
    void closeSoon() {
        KafkaStreams started = client;
        if (started != null) {
            started.close(Duration.ZERO);
        }
    }

    /** Waits at most {@code timeout} for the client to close; true when it did (or never started). */
    boolean awaitClosed(Duration timeout) {
        KafkaStreams started = client;
        return started == null || started.close(timeout.isNegative() ? Duration.ZERO : timeout);
    }
}
