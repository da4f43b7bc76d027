package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamCursorTest {

    @Test
    void encodesPartitionsAscendingAndParsesBack() {
        StreamCursor cursor = StreamCursor.empty();
        cursor.startAt(Map.of(1, 41L, 0, 13L, 2, 0L));
        assertThat(cursor.encode()).isEqualTo("0:12.1:40.2:-1");
        assertThat(StreamCursor.parse("0:12.1:40.2:-1").encode()).isEqualTo("0:12.1:40.2:-1");
        assertThat(StreamCursor.parse("0:12.1:40").nextOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 13L, 1, 41L));
    }

    @Test
    void advancesOnlyPastWhatWasGiven() {
        StreamCursor cursor = StreamCursor.parse("0:12.1:40");
        assertThat(cursor.advance(0, 12)).as("already given").isFalse();
        assertThat(cursor.advance(0, 11)).isFalse();
        assertThat(cursor.advance(0, 13)).isTrue();
        assertThat(cursor.advance(1, 45)).as("a gap left by compaction or transaction markers").isTrue();
        assertThat(cursor.advance(3, 0)).as("a partition it did not know").isTrue();
        assertThat(cursor.encode()).isEqualTo("0:13.1:45.3:0");
    }

    @Test
    void startAtKeepsPartitionsItAlreadyKnows() {
        StreamCursor cursor = StreamCursor.parse("0:12");
        cursor.startAt(Map.of(0, 100L, 1, 7L));
        assertThat(cursor.encode()).isEqualTo("0:12.1:6");
    }

    @Test
    void refusesWhatIsNotAnEventId() {
        for (String bad : new String[] {"", "abc", "0:", ":5", "0:1.", "0:1..1:2", "0:1,1:2", "-1:4", "0:-2", "0:1.0:2",
                "0:99999999999999999999", "0:1 ", "0:" + "1".repeat(StreamCursor.MAX_LENGTH)}) {
            assertThatThrownBy(() -> StreamCursor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
