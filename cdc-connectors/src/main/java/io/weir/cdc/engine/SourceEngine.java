package io.weir.cdc.engine;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Owns the lifecycle of one source's Debezium engine (as Debezium's {@code ChangeDataSender}
 * does): checks the source, builds the engine, runs it on the source's single thread, and closes
 * it on {@link #close()}. A source that fails — at start (bad credentials, wal_level, a missing
 * table) or while streaming (the database went down) — is reported as FAILED with the reason and
 * started again after a backoff that doubles up to the configured maximum; an unknown connector
 * class is a configuration error and is not retried. Sources share nothing but the Kafka producer:
 * one failing never stops another.
 */
public final class SourceEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourceEngine.class);

    public enum State { STARTING, STREAMING, FAILED, STOPPED }

    /** What readiness shows for the source. */
    public record Status(State state, String detail, int failures, Instant since) {
    }

    private final SourceSettings settings;
    private final DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer;
    private final SourceMetrics metrics;
    private final ScheduledThreadPoolExecutor thread;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Status status = new Status(State.STARTING, "not started yet", 0, Instant.now());
    private volatile boolean closing;
    private volatile String failure;
    private int failures;

    SourceEngine(SourceSettings settings, DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer,
                 SourceMetrics metrics) {
        this.settings = settings;
        this.consumer = consumer;
        this.metrics = metrics;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "cdc-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public String name() {
        return settings.name();
    }

    public Status status() {
        return status;
    }

    /** Starts the source on its thread; returns at once. */
    public void start() {
        thread.execute(this::run);
    }

    private void run() {
        if (closing) {
            return;
        }
        status(State.STARTING, "checking the source", failures);
        try {
            Class.forName(settings.connectorClass(), false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            status(State.FAILED, "unknown connector class " + settings.connectorClass()
                    + ": not on the classpath (a configuration error; not retried)", ++failures);
            LOG.errorf("CDC source %s: %s", settings.name(), status.detail());
            return;
        }
        Optional<String> problem = settings.isPostgres() ? PostgresPreflight.problem(settings.properties()) : Optional.empty();
        if (problem.isPresent()) {
            failed(problem.get());
            return;
        }
        failure = null;
        status(State.STARTING, "starting the engine", failures);
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineProperties.of(settings))
                .using(getClass().getClassLoader())
                .notifying(consumer)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        failures = 0;
                        status(State.STREAMING, "streaming", 0);
                        LOG.infof("CDC source %s is streaming", settings.name());
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure = describe(message, error);
                    }
                })
                .build();
        try {
            engine.run();
        } catch (RuntimeException e) {
            failure = describe("the engine stopped", e);
        } finally {
            closeEngine();
        }
        if (closing) {
            status(State.STOPPED, "stopped", failures);
        } else {
            failed(failure != null ? failure : "the engine stopped on its own");
        }
    }

    private void failed(String reason) {
        failures++;
        metrics.failed();
        Duration delay = backoff(failures);
        status(State.FAILED, reason + " (failure " + failures + "; next attempt in " + delay.toMillis() + " ms)", failures);
        LOG.errorf("CDC source %s failed: %s", settings.name(), status.detail());
        if (!closing) {
            thread.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    Duration backoff(int failure) {
        long initial = settings.retryInitialDelay().toMillis();
        long millis = initial << Math.min(20, Math.max(0, failure - 1));
        return Duration.ofMillis(Math.min(millis, settings.retryMaxDelay().toMillis()));
    }

    private void status(State state, String detail, int failureCount) {
        status = new Status(state, detail, failureCount, Instant.now());
        metrics.up(state == State.STREAMING);
    }

    /** Stops the engine (offsets of everything written are committed) and the source's thread. */
    @Override
    public void close() {
        closing = true;
        closeEngine();
        thread.shutdown(); // a scheduled restart is dropped; a running engine finishes its shutdown
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("CDC source %s did not stop within 30 s; interrupting it", settings.name());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        status(State.STOPPED, "stopped", failures);
    }

    private void closeEngine() {
        DebeziumEngine<?> running = engine;
        if (running != null) {
            try {
                running.close();
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "CDC source %s: closing the engine", settings.name());
            }
        }
    }

    /** The message with the chain of causes, which is where Debezium puts the reason. */
    static String describe(String message, Throwable error) {
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        for (Throwable cause = error; cause != null && text.length() < 1000; cause = cause.getCause()) {
            String part = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (!text.toString().contains(part)) {
                text.append(text.isEmpty() ? "" : ": ").append(part);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }
}
