package io.weir.dataplane.websub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(1000, 60_000);

    @Test
    void capDoublesPerAttemptUpToTheMaximum() {
        assertThat(backoff.capMillis(1)).isEqualTo(1000);
        assertThat(backoff.capMillis(2)).isEqualTo(2000);
        assertThat(backoff.capMillis(4)).isEqualTo(8000);
        assertThat(backoff.capMillis(7)).isEqualTo(60_000);
        assertThat(backoff.capMillis(1000)).isEqualTo(60_000);
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCap() {
        assertThat(backoff.delayMillis(3, bound -> bound)).isEqualTo(4000);
        assertThat(backoff.delayMillis(3, bound -> 0)).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.delayMillis(5, bound -> ThreadLocalRandom.current().nextLong(bound + 1))).isBetween(0L, 16_000L);
        }
    }
}
