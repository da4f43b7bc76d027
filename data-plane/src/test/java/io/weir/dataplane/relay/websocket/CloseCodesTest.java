package io.weir.dataplane.relay.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.relay.websocket.CloseCodes.Close;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

    @Test
    void codesAPeerMaySendPassThroughWithTheirReason() {
        for (short code : new short[]{1000, 1001, 1003, 1008, 1011, 3000, 4001, 4999}) {
            assertThat(CloseCodes.towardClient(code, "why")).isEqualTo(new Close(code, "why"));
            assertThat(CloseCodes.towardBackend(code, "why")).isEqualTo(new Close(code, "why"));
        }
    }

    @Test
    void aBackendThatVanishedIsABadGatewayForTheClient() {
        assertThat(CloseCodes.towardClient(null, null).code()).isEqualTo((short) 1014);
        assertThat(CloseCodes.towardClient((short) 1006, null).code()).isEqualTo((short) 1014);
        assertThat(CloseCodes.towardClient((short) 1015, "tls").code()).isEqualTo((short) 1014);
    }

    @Test
    void aClientThatVanishedIsGoingAwayForTheBackend() {
        assertThat(CloseCodes.towardBackend(null, null).code()).isEqualTo((short) 1001);
        assertThat(CloseCodes.towardBackend((short) 1006, null).code()).isEqualTo((short) 1001);
    }

    @Test
    void aCloseWithoutStatusIsANormalClose() {
        assertThat(CloseCodes.towardClient((short) 1005, null)).isEqualTo(new Close((short) 1000, ""));
        assertThat(CloseCodes.towardBackend((short) 1005, null)).isEqualTo(new Close((short) 1000, ""));
    }

    @Test
    void reservedCodesAreNotSent() {
        assertThat(CloseCodes.sendable((short) 1004)).isFalse();
        assertThat(CloseCodes.sendable((short) 1016)).isFalse();
        assertThat(CloseCodes.sendable((short) 2999)).isFalse();
        assertThat(CloseCodes.sendable((short) 5000)).isFalse();
        assertThat(CloseCodes.towardClient((short) 2000, "x").code()).isEqualTo((short) 1014);
    }

    @Test
    void longReasonsAreCutToFitAFrameOnACharacterBoundary() {
        String reason = "é".repeat(100); // 200 bytes
        String cut = CloseCodes.trim(reason);
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(reason).startsWith(cut);
        assertThat(cut).hasSize(61);
    }
}
