package io.weir.harness.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.harness.junit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerIT {

    @Test
    void producesAndConsumesARecord(KafkaBroker kafka) throws Exception {
        String topic = "harness-plain-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "api-1", "ApiRevisionDeployed")).get();
        }

        List<ConsumerRecord<String, String>> records = consumeFrom(kafka, topic, "read_uncommitted", 1);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("api-1");
            assertThat(record.value()).isEqualTo("ApiRevisionDeployed");
        });
    }

    @Test
    void commitsAnExactlyOnceTransaction(KafkaBroker kafka) {
        String topic = "harness-tx-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "harness-tx-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "api-1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "api-1", "committed-2"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = consumeFrom(kafka, topic, "read_committed", 2);

        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }

    @Test
    void keepsTopicsAcrossRestartsWithADataDir(@TempDir Path dataDir) throws Exception {
        String topic = "harness-persistent-" + UUID.randomUUID();
        KafkaBroker first = KafkaBroker.builder().dataDir(dataDir).heap("256m").start();
        try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "api-1", "kept")).get();
        } finally {
            first.stop();
        }
        assertThat(first.isRunning()).isFalse();

        KafkaBroker second = KafkaBroker.builder().dataDir(dataDir).heap("256m").start();
        try {
            assertThat(consumeFrom(second, topic, "read_uncommitted", 1))
                    .extracting(ConsumerRecord::value).containsExactly("kept");
        } finally {
            second.stop();
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBroker kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeFrom(KafkaBroker kafka, String topic, String isolation,
                                                                     int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().alias("records in " + topic).atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
