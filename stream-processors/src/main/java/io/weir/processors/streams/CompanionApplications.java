package io.weir.processors.streams;

import io.quarkus.runtime.ShutdownEvent;
import io.weir.processors.registry.StreamThreadReplacement;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

/**
 * Runs every {@link CompanionTopology} of this process as a Kafka Streams application of its own (the
 * throttling processor, the analytics), beside the main one Quarkus runs.
 *
 * <p>It is the main client's state listener (Quarkus sets a {@link KafkaStreams.StateListener} bean on it)
 * and starts the companions when that client first runs — Quarkus starts it only once the source topics
 * exist and the schemas are warm — each with the main client's settings (Quarkus' {@link StreamsConfig}:
 * every {@code kafka-streams.*} and {@code quarkus.kafka-streams.*} setting) except the application id and
 * the commit interval. They close beside the main client, in parallel. Health: {@link CompanionStreamsHealth}.
 */
@Singleton
public class CompanionApplications implements KafkaStreams.StateListener {

    private static final Logger LOG = Logger.getLogger(CompanionApplications.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Lazy: Quarkus builds the main client's settings and asks for this listener in the same step. */
    private final Instance<StreamsConfig> mainConfig;
    private final StreamThreadReplacement threadFailures;
    private final List<CompanionStreams> companions = new ArrayList<>();
    private boolean starting;
    private boolean stopping;
    private volatile long stopRequestedNanos;

    CompanionApplications(Instance<StreamsConfig> mainConfig, Instance<CompanionTopology> topologies,
                          StreamThreadReplacement threadFailures) {
        this.mainConfig = mainConfig;
        this.threadFailures = threadFailures;
        topologies.stream().sorted(Comparator.comparing(CompanionTopology::name))
                .forEach(topology -> companions.add(new CompanionStreams(topology)));
    }

    /** The main client's state changed: the first time it runs, the companions start (off its stream thread). */
    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        synchronized (this) {
            if (newState != KafkaStreams.State.RUNNING || starting || stopping) {
                return;
            }
            starting = true;
        }
        Thread starter = new Thread(this::start, "companion-streams-starter");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void start() {
        for (CompanionStreams companion : companions) {
            if (stopping) {
                return;
            }
            if (companion.start(mainConfig.get().originals(), threadFailures)) {
                LOG.infof("%s started as Kafka Streams application %s", companion.name(), companion.applicationId());
            } else { // the others still start; health reports this one as failed
                LOG.errorf(companion.startFailure(), "%s could not start as a Kafka Streams application", companion.name());
            }
        }
    }

    /** The companions by name, in name order. */
    List<CompanionStreams> companions() {
        return companions;
    }

    /** Starts closing the clients without waiting, so that they shut down while Quarkus closes the main one. */
    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) { // after a start in progress, before any later one
            stopping = true;
        }
        stopRequestedNanos = System.nanoTime();
        companions.forEach(CompanionStreams::closeSoon);
    }

    @PreDestroy
    void closed() {
        if (stopRequestedNanos == 0) { // destroyed without a shutdown event
            stopRequestedNanos = System.nanoTime();
            companions.forEach(CompanionStreams::closeSoon);
        }
        for (CompanionStreams companion : companions) {
            if (companion.state() == null) {
                continue;
            }
            boolean done = companion.awaitClosed(CLOSE_TIMEOUT.minusNanos(System.nanoTime() - stopRequestedNanos));
            LOG.infof("%s Kafka Streams %s after %d ms", companion.name(), done ? "closed" : "not closed",
                    (System.nanoTime() - stopRequestedNanos) / 1_000_000);
        }
    }
}
