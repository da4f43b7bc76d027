package io.weir.processors.streams;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * A topology that runs as a Kafka Streams application of its own beside this process' main one (the one
 * Quarkus runs: commands and projections): its own application id, so its own stream thread, consumer
 * group, transactions, commit interval and reset. A bean implementing it is started by
 * {@link CompanionApplications}.
 */
public interface CompanionTopology {

    /** Short name: the default application id is the main one's with {@code -<name>} appended. */
    String name();

    /** A configured application id (and consumer group), if any. */
    Optional<String> applicationId();

    /** The exactly-once commit interval of this application. */
    Duration commitInterval();

    /** Builds the topology; called once, when the application starts. */
    Topology build();
}
