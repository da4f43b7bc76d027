package io.weir.controlplane.command;

import io.weir.controlplane.config.ControlPlaneConfig;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandResult;
import io.weir.schema.serde.AvroSerdes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The control plane's only way to change anything (DESIGN.md rule 1): a command is appended to
 * weir.commands and the call waits for its result from the command processor.
 */
@ApplicationScoped
public class CommandBus {

    private final ControlPlaneConfig config;
    private final String bootstrapServers;
    private final String registryUrl;
    private KafkaProducer<String, CommandEnvelope> producer;
    private CommandResultListener results;
    private String commandsTopic;

    CommandBus(ControlPlaneConfig config,
               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
               @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent started) {
        TopicNaming naming = TopicNaming.withPrefix(config.topicPrefix());
        commandsTopic = naming.name(Topics.COMMANDS);
        producer = new KafkaProducer<>(AvroSerdes.producerConfig(bootstrapServers, registryUrl));
        Map<String, Object> consumerConfig = AvroSerdes.consumerConfig(bootstrapServers, registryUrl,
                "unused-" + UUID.randomUUID());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        results = new CommandResultListener(new KafkaConsumer<>(consumerConfig), naming.name(Topics.COMMAND_RESULTS));
        results.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (results != null) {
            results.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    /**
     * Sends a command and waits for its result.
     *
     * @throws CommandTimeoutException when no result arrives within the configured time (the
     *                                 command may still be decided later: its id makes a retry safe)
     */
    public CommandResult send(CommandEnvelope command) {
        CompletableFuture<CommandResult> result = results.expect(command.getCommandId());
        try {
            producer.send(new ProducerRecord<>(commandsTopic, command.getAggregateId(), command)).get(
                    config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return result.get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandTimeoutException(command.getCommandId(), config.commandTimeout());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send command " + command.getCommandId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for command " + command.getCommandId(), e);
        } finally {
            results.forget(command.getCommandId());
        }
    }
}
