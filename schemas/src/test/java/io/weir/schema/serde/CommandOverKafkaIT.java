package io.weir.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.junit.KafkaBrokerExtension;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.catalogue.TopicBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.registry.SchemaRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An Avro command produced with the Apicurio serde by a plain Kafka producer arrives intact, decoded
 * as the generated class, through a real broker and a real registry.
 */
@ExtendWith({KafkaBrokerExtension.class, ApicurioRegistryExtension.class})
class CommandOverKafkaIT {

    @Test
    void aCommandProducedWithTheApicurioSerdeIsConsumedAndDecoded(KafkaBroker broker, ApicurioRegistry registry)
            throws Exception {
        TopicNaming naming = TopicNaming.withPrefix("it" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicBootstrap(admin, naming, (short) 1).ensure(Topics.ALL);
        }
        new SchemaRegistration(registry.url()).registerAll(naming, Topics.ALL);
        String topic = naming.name(Topics.COMMANDS);
        CommandEnvelope command = SampleCommands.createApplication();

        try (KafkaProducer<String, CommandEnvelope> producer =
                new KafkaProducer<>(AvroSerdes.producerConfig(broker.bootstrapServers(), registry.url()))) {
            producer.send(new ProducerRecord<>(topic, command.getAggregateId(), command)).get();
        }

        Map<String, Object> config = AvroSerdes.consumerConfig(broker.bootstrapServers(), registry.url(),
                "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, CommandEnvelope>> received = new ArrayList<>();
        try (KafkaConsumer<String, CommandEnvelope> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().alias("the command arrives on " + topic).atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        return !received.isEmpty();
                    });
        }

        ConsumerRecord<String, CommandEnvelope> record = received.get(0);
        assertThat(record.key()).isEqualTo(command.getAggregateId());
        assertThat(record.value()).isInstanceOf(CommandEnvelope.class).isEqualTo(command);
        assertThat(record.value().getPayload()).isInstanceOf(CreateApplication.class);
    }
}
