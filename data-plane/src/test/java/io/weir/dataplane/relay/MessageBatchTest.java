package io.weir.dataplane.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.relay.MessageBatch.Batch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBatchTest {

    private final List<Batch> written = new ArrayList<>();

    @Test
    void aFullBatchIsWrittenAtOnce() {
        MessageBatch batch = new MessageBatch(3);
        batch.message(10_000, 5, written::add);
        batch.message(10_001, 5, written::add);
        assertThat(written).isEmpty();
        batch.message(10_002, 6, written::add);
        assertThat(written).containsExactly(new Batch(10_000, 3, 16));
    }

    @Test
    void aBatchNeverSpansTwoSeconds() {
        MessageBatch batch = new MessageBatch(100);
        batch.message(10_900, 1, written::add);
        batch.message(10_999, 1, written::add);
        batch.message(11_000, 1, written::add);
        assertThat(written).containsExactly(new Batch(10_900, 2, 2));
        batch.flush(written::add);
        assertThat(written).containsExactly(new Batch(10_900, 2, 2), new Batch(11_000, 1, 1));
    }

    @Test
    void theTimerWritesABatchOnceItIsOldEnough() {
        MessageBatch batch = new MessageBatch(100);
        batch.message(20_100, 7, written::add);
        batch.flushOlderThan(20_500, 1000, written::add);
        assertThat(written).isEmpty();
        batch.flushOlderThan(21_100, 1000, written::add);
        assertThat(written).containsExactly(new Batch(20_100, 1, 7));
        batch.flushOlderThan(25_000, 1000, written::add);
        assertThat(written).hasSize(1);
    }

    @Test
    void laterFramesAddBytesNotMessages() {
        MessageBatch batch = new MessageBatch(100);
        batch.message(30_000, 10, written::add);
        batch.bytes(30_001, 20, written::add);
        batch.flush(written::add);
        batch.flush(written::add);
        assertThat(written).containsExactly(new Batch(30_000, 1, 30));
    }
}
