package io.weir.processors.analytics;

import static io.weir.processors.analytics.Invocations.T0;
import static io.weir.processors.analytics.Invocations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analytics topology on TopologyTestDriver: invocations in, window figures out at each checkpoint. */
class AnalyticsTopologyTest {

    private final TopicNaming naming = TopicNaming.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Invocation> invocations;
    private TestOutputTopic<String, InvocationAggregate> aggregates;

    @BeforeEach
    void start() {
        ProcessorSerdes serdes = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(naming, serdes, AnalyticsSettings.defaults()).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config, T0);
        invocations = driver.createInputTopic(naming.name(Topics.INVOCATIONS), Serdes.String().serializer(),
                serdes.of(Invocation.class).serializer());
        aggregates = driver.createOutputTopic(naming.name(Topics.ANALYTICS_INVOCATIONS), Serdes.String().deserializer(),
                serdes.of(InvocationAggregate.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void figuresArePublishedAtEachCheckpointKeyedByWindowAndPartition() {
        invocations.pipeInput("pets", request("pets", T0, 200, 1000).build());
        invocations.pipeInput("pets", request("pets", T0.plusSeconds(1), 503, 3000).build());
        assertThat(aggregates.isEmpty()).as("nothing before the checkpoint").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(200));
        Map<String, InvocationAggregate> published = aggregates.readKeyValuesToMap();

        assertThat(published).hasSize(21); // 6 dimensions (two status classes) × 3 window sizes
        InvocationAggregate api = published.get("acme/production/API/pets//MINUTE/" + T0.toEpochMilli() + "/0");
        assertThat(api.getRequests()).isEqualTo(2);
        assertThat(api.getServerErrors()).isEqualTo(1);
        assertThat(WindowFigures.decode(api.getGatewayLatency()).getMaxValue()).isBetween(2990L, 3010L);
        assertThat(published).containsKey("acme/production/GATEWAY_NODE//node-1/HOUR/" + T0.toEpochMilli() + "/0");
        assertThat(published).containsKey("acme/production/API_RESOURCE/pets/GET %2Fpets%2F{id}/HOUR/"
                + T0.toEpochMilli() + "/0");

        driver.advanceWallClockTime(Duration.ofMillis(200));
        assertThat(aggregates.isEmpty()).as("nothing changed, nothing republished").isTrue();
    }
}
