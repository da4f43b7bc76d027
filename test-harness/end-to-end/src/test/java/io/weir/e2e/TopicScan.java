package io.weir.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics as raw bytes, to prove what is — and is not — written on the log. */
final class TopicScan {

    private final String bootstrapServers;

    TopicScan(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The topics whose keys, values or headers contain {@code needle} (UTF-8), read from start to end. */
    List<String> topicsContaining(List<String> topics, String needle) {
        byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                boolean hit = false;
                while (!hit && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        hit |= contains(record.key(), bytes) || contains(record.value(), bytes);
                        for (var header : record.headers()) {
                            hit |= contains(header.value(), bytes);
                        }
                    }
                }
                if (hit) {
                    found.add(topic);
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0 || haystack.length < needle.length) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
