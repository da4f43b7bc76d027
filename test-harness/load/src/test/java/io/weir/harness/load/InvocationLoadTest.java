package io.weir.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InvocationLoadTest {

    private final InvocationLoad.Builder load = InvocationLoad.builder().start(Instant.parse("2026-11-27T10:00:00Z"))
            .spacing(Duration.ofSeconds(1)).repeatedEvery(10).lateEvery(25, Duration.ofHours(2))
            .outOfOrderEvery(7, Duration.ofSeconds(30)).streamingEvery(5);

    @Test
    void theSameSeedGivesTheSameInvocations() {
        assertThat(load.generate(200)).isEqualTo(load.generate(200));
        assertThat(load.seed(43).generate(200)).isNotEqualTo(InvocationLoad.builder().generate(200));
    }

    @Test
    void repeatedDeliveriesFollowTheirOriginalAndLateOnesAreFarBehind() {
        List<Invocation> invocations = load.generate(100);

        assertThat(invocations).hasSize(110);
        assertThat(invocations.get(10)).isEqualTo(invocations.get(9));
        Invocation late = invocations.get(26); // the 25th distinct one, after two repeated deliveries
        assertThat(late.getTimestamp()).isEqualTo(Instant.parse("2026-11-27T10:00:24Z").minus(Duration.ofHours(2)));
        assertThat(invocations).extracting(Invocation::getKind)
                .contains(InvocationKind.REQUEST, InvocationKind.MESSAGE, InvocationKind.CONNECTION_OPENED);
    }

    @Test
    void producedBatchesHoldEveryInvocationOnceUnderItsApiInTheOrderReturned() {
        List<Invocation> invocations = load.apis(List.of("api-a", "api-b", "api-c")).generate(250);
        MockProducer<String, InvocationBatch> producer = new MockProducer<>(true, null, new StringSerializer(),
                (Serializer<InvocationBatch>) (topic, batch) -> new byte[0]);

        List<Invocation> written = InvocationLoad.produce(producer, "t", invocations, 40);

        assertThat(written).containsExactlyInAnyOrderElementsOf(invocations);
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.value().getInvocations()).isNotEmpty().hasSizeLessThanOrEqualTo(40)
                    .allSatisfy(invocation -> assertThat(invocation.getApiId()).isEqualTo(record.key()));
        });
        assertThat(producer.history().stream().flatMap(record -> record.value().getInvocations().stream()).toList())
                .as("the records in send order hold the invocations in the order returned")
                .isEqualTo(written);
        for (String api : List.of("api-a", "api-b", "api-c")) {
            assertThat(written.stream().filter(invocation -> invocation.getApiId().equals(api)).toList())
                    .as("order within " + api).isEqualTo(invocations.stream()
                            .filter(invocation -> invocation.getApiId().equals(api)).toList());
        }
        assertThat(producer.history()).hasSizeGreaterThanOrEqualTo(250 / 40 * 3);
    }

    @Test
    void batchesOfOneKeepTheListOrder() {
        List<Invocation> invocations = load.apis(List.of("api-a", "api-b")).generate(30);
        MockProducer<String, InvocationBatch> producer = new MockProducer<>(true, null, new StringSerializer(),
                (Serializer<InvocationBatch>) (topic, batch) -> new byte[0]);

        assertThat(InvocationLoad.produce(producer, "t", invocations, 1)).isEqualTo(invocations);
        assertThat(producer.history()).hasSize(invocations.size());
    }
}
