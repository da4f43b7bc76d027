package io.weir.schema.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.schema.common.AggregateType;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicHasAUniqueNameAnAvroValueAndAWriter() {
        Set<String> names = new HashSet<>();
        for (TopicSpec<?> topic : Topics.ALL) {
            assertThat(names.add(topic.baseName())).as("duplicate " + topic.baseName()).isTrue();
            assertThat(SpecificRecord.class).isAssignableFrom(topic.valueType());
            assertThat(topic.writtenBy()).isNotBlank();
            assertThat(topic.description()).isNotBlank();
        }
    }

    @Test
    void eventLogsAreKeptForeverAndProjectionsAreCompacted() {
        Topics.eventLogs().forEach(log -> {
            assertThat(log.retentionMs()).isEqualTo(-1L);
            assertThat(log.cleanup()).isEqualTo(TopicSpec.Cleanup.DELETE);
        });
        assertThat(Topics.GATEWAY_APIS.cleanup()).isEqualTo(TopicSpec.Cleanup.COMPACT);
        assertThat(Topics.THROTTLE_DECISIONS.cleanup()).isEqualTo(TopicSpec.Cleanup.COMPACT);
        assertThat(Topics.COMMANDS.retentionMs()).isPositive();
    }

    @Test
    void everyAggregateTypeHasExactlyOneEventLog() {
        for (AggregateType type : AggregateType.values()) {
            if (type == AggregateType.UNSPECIFIED) {
                assertThatThrownBy(() -> Topics.eventsOf(type)).isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(Topics.eventLogs()).contains(Topics.eventsOf(type));
            }
        }
    }

    @Test
    void namesCarryTheConfiguredPrefixAndRejectIllegalOnes() {
        assertThat(TopicNaming.defaults().name(Topics.COMMANDS)).isEqualTo("weir.commands");
        assertThat(TopicNaming.withPrefix("t1.").name(Topics.API_EVENTS)).isEqualTo("t1.api.events");
        assertThat(TopicNaming.defaults().cdcTopic("shop", "public", "orders")).isEqualTo("weir.cdc.shop.public.orders");
        assertThatThrownBy(() -> TopicNaming.withPrefix("bad prefix")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicNaming.defaults().cdcTopic("shop", "public", "or/ders"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
