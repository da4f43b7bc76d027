package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFilterTest {

    private static StreamRecord record(String key, Map<String, String> headers) {
        return new StreamRecord(0, 1, 0, key, headers, "", 0);
    }

    @Test
    void allPassesEverything() {
        assertThat(RecordFilter.ALL.matches(record(null, Map.of()))).isTrue();
    }

    @Test
    void keyMustBeEqual() {
        RecordFilter filter = new RecordFilter("order-1", Map.of());
        assertThat(filter.matches(record("order-1", Map.of()))).isTrue();
        assertThat(filter.matches(record("order-2", Map.of()))).isFalse();
        assertThat(filter.matches(record(null, Map.of()))).isFalse();
    }

    @Test
    void everyHeaderMustCarryItsValue() {
        RecordFilter filter = new RecordFilter(null, Map.of("region", "eu", "kind", "created"));
        assertThat(filter.matches(record("k", Map.of("region", "eu", "kind", "created", "other", "x")))).isTrue();
        assertThat(filter.matches(record("k", Map.of("region", "eu")))).isFalse();
        assertThat(filter.matches(record("k", Map.of("region", "us", "kind", "created")))).isFalse();
    }
}
