package io.weir.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
}
