package io.weir.e2e.streaming;

import io.weir.e2e.Platform;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces plain JSON orders {@code {"n":<n>}} to the API's orders topic, keyed over five keys (three partitions). */
final class OrderProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    OrderProducer(Platform platform) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    void send(int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            producer.send(new ProducerRecord<>(StreamApi.ORDERS_TOPIC, "k" + (n % 5), "{\"n\":" + n + "}")).get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
