package io.weir.controlplane.command;

import io.weir.schema.command.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Tails weir.command-results (from its end: only results of commands sent from now on matter) and
 * completes the future of the command that is waiting for each. A result for nobody — a command
 * some other producer sent — is ignored. Runs on its own thread; no consumer group (it reads every
 * partition, as each control-plane instance needs the results of its own commands).
 */
final class CommandResultListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandResultListener.class);

    private final KafkaConsumer<String, CommandResult> consumer;
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private final Thread thread;

    CommandResultListener(KafkaConsumer<String, CommandResult> consumer, String topic) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topic), "command-results");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
        positioned.join();
    }

    /** Registers interest before the command is sent, so its result cannot slip by. */
    CompletableFuture<CommandResult> expect(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    void forget(String commandId) {
        waiting.remove(commandId);
    }

    private void run(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anyone sends
            positioned.complete(null);
            while (running.get()) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    CompletableFuture<CommandResult> future = record.value() == null ? null
                            : waiting.remove(record.value().getCommandId());
                    if (future != null) {
                        future.complete(record.value());
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "command result listener stopped");
            positioned.completeExceptionally(e);
            waiting.values().forEach(f -> f.completeExceptionally(e));
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
