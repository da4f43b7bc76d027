package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartPointTest {

    @Test
    void nothingGivenMeansLive() {
        assertThat(StartPoint.of(null, null)).isInstanceOf(StartPoint.Live.class);
        assertThat(StartPoint.of(" ", "")).isInstanceOf(StartPoint.Live.class);
    }

    @Test
    void lastEventIdWinsOverFrom() {
        StartPoint start = StartPoint.of("0:12.1:40", "2026-11-27T10:00:00Z");
        assertThat(start).isInstanceOfSatisfying(StartPoint.After.class,
                after -> assertThat(after.cursor().encode()).isEqualTo("0:12.1:40"));
    }

    @Test
    void fromTakesIsoTimesEpochMillisAndEventIds() {
        long millis = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
        assertThat(StartPoint.of(null, "2026-11-27T10:00:00Z")).isEqualTo(new StartPoint.At(millis));
        assertThat(StartPoint.of(null, "2026-11-27T11:00:00+01:00")).isEqualTo(new StartPoint.At(millis));
        assertThat(StartPoint.of(null, Long.toString(millis))).isEqualTo(new StartPoint.At(millis));
        assertThat(StartPoint.of(null, "3:4")).isInstanceOf(StartPoint.After.class);
    }

    @Test
    void badPositionsAreRefusedWithTheParameterNamed() {
        assertThatThrownBy(() -> StartPoint.of("garbage", null)).hasMessageStartingWith("Invalid Last-Event-ID");
        assertThatThrownBy(() -> StartPoint.of(null, "yesterday")).hasMessageStartingWith("Invalid 'from'");
        assertThatThrownBy(() -> StartPoint.of(null, "2026-13-40T00:00:00Z")).hasMessageStartingWith("Invalid 'from'");
    }
}
