package io.weir.schema.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.schema.policy.PolicyLevel;
import org.junit.jupiter.api.Test;

class ThrottleKeysTest {

    @Test
    void keyRoundTripsThroughParse() {
        ThrottleKeys keys = new ThrottleKeys("production",
                ThrottleKeys.policyId("acme", PolicyLevel.SUBSCRIPTION, "Gold"), "acme/app-1/api-9");
        assertThat(keys.key()).isEqualTo("production|acme/SUBSCRIPTION/Gold|acme/app-1/api-9");
        assertThat(ThrottleKeys.parse(keys.key())).isEqualTo(keys);
    }

    @Test
    void keysAreEqualByTheirThreePartsAlone() {
        ThrottleKeys keys = new ThrottleKeys("production", "acme/API/Gold", "api-1");
        assertThat(keys).isEqualTo(new ThrottleKeys("production", "acme/API/Gold", "api-1"))
                .hasSameHashCodeAs(new ThrottleKeys("production", "acme/API/Gold", "api-1"))
                .isNotEqualTo(new ThrottleKeys("sandbox", "acme/API/Gold", "api-1"))
                .isNotEqualTo(new ThrottleKeys("production", "acme/API/Silver", "api-1"))
                .isNotEqualTo(new ThrottleKeys("production", "acme/API/Gold", "api-2"))
                .isNotEqualTo("production|acme/API/Gold|api-1");
    }

    @Test
    void subjectMayContainTheSeparator() {
        ThrottleKeys parsed = ThrottleKeys.parse("sandbox|acme/API/10PerMin|api-1|GET /pets");
        assertThat(parsed.subject()).isEqualTo("api-1|GET /pets");
    }

    @Test
    void refusesMalformedKeys() {
        assertThatThrownBy(() -> ThrottleKeys.parse("no-separators")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleKeys.parse("|policy|subject")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottleKeys("a|b", "p", "s")).isInstanceOf(IllegalArgumentException.class);
    }
}
