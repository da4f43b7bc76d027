package io.weir.processors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void takesEveryKafkaStreamsSettingWithoutItsPrefixAndTheQuarkusBootstrapAndApplicationId() {
        Properties properties = StreamsProperties.of(config(Map.of(
                "quarkus.kafka-streams.bootstrap-servers", "broker:9092",
                "quarkus.kafka-streams.application-id", "weir-stream-processors",
                "kafka-streams.processing.guarantee", "exactly_once_v2",
                "kafka-streams.consumer.session.timeout.ms", "6000",
                "kafka-streams.state.dir", "/var/lib/weir/streams",
                "kafka.bootstrap.servers", "elsewhere:9092",
                "weir.processors.topic-prefix", "weir.")));

        assertThat(properties).containsOnly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("application.id", "weir-stream-processors"),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("consumer.session.timeout.ms", "6000"),
                Map.entry("state.dir", "/var/lib/weir/streams"));
    }

    @Test
    void anAppWithoutBootstrapServersIsAConfigurationError() {
        assertThatThrownBy(() -> StreamsProperties.of(config(Map.of("quarkus.kafka-streams.application-id", "x"))))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("quarkus.kafka-streams.bootstrap-servers");
    }
}
