package io.weir.dataplane.websub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void commitsOnlyUpToTheLowestUnfinishedTask() {
        PartitionProgress progress = new PartitionProgress();
        progress.track(10);
        progress.track(11);
        progress.track(12);
        assertThat(progress.toCommit()).as("nothing finished: offset 10 is still owed").isEqualTo(10);
        progress.committed(10);
        progress.done(11);
        progress.done(12);
        assertThat(progress.toCommit()).as("10 still unfinished: nothing moves").isEqualTo(-1);
        progress.done(10);
        assertThat(progress.toCommit()).as("all finished: past the last").isEqualTo(13);
        progress.committed(13);
        assertThat(progress.toCommit()).isEqualTo(-1);
        assertThat(progress.pending()).isZero();
    }

    @Test
    void aLaterSlowTaskHoldsBackOnlyItself() {
        PartitionProgress progress = new PartitionProgress();
        for (long offset = 0; offset < 5; offset++) {
            progress.track(offset);
        }
        progress.done(0);
        progress.done(1);
        progress.done(3);
        assertThat(progress.toCommit()).isEqualTo(2);
        assertThat(progress.pending()).isEqualTo(2);
    }
}
