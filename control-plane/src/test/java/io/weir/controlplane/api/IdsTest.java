package io.weir.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void withoutAnIdempotencyKeyEveryIdIsNew() {
        assertThat(Ids.newId("api", null)).isNotEqualTo(Ids.newId("api", null));
        assertThat(UUID.fromString(Ids.newId("api", " "))).isNotNull();
    }

    @Test
    void aRetriedCreateAddressesTheSameAggregate() {
        String key = UUID.randomUUID().toString();
        assertThat(Ids.newId("api", key)).isEqualTo(Ids.newId("api", key));
    }

    @Test
    void oneKeyForTwoKindsOfThingGivesTwoIds() {
        String key = UUID.randomUUID().toString();
        assertThat(Ids.newId("api", key)).isNotEqualTo(Ids.newId("application", key));
    }
}
