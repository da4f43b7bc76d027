package io.weir.processors.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys of pending sums read back to the counter, node and window they were made of, whatever those contain. */
class ChargeSumKeyTest {

    @Test
    void readsBackWhatItWasMadeOf() {
        ChargeSumKey key = new ChargeSumKey("production|acme/SUBSCRIPTION/Gold|sub-1", 1_800_000_000_000L, "node-a");

        assertThat(ChargeSumKey.parse(key.encoded())).isEqualTo(key);
    }

    @Test
    void separatorsInTheSubjectOrTheNodeAreNotMistakenForItsOwn() {
        ChargeSumKey key = new ChargeSumKey("production|acme/API/Per-resource|api-1|GET /a|b:12", 60_000L, "node:7|2");
        ChargeSumKey other = new ChargeSumKey("production|acme/API/Per-resource|api-1|GET /a", 60_000L, "b:12|node:7|2");

        assertThat(ChargeSumKey.parse(key.encoded())).isEqualTo(key);
        assertThat(ChargeSumKey.parse(other.encoded())).isEqualTo(other);
        assertThat(key.encoded()).isNotEqualTo(other.encoded());
    }
}
