package io.weir.dataplane.websub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.websub.hub.HubRequest.Invalid;
import io.weir.dataplane.websub.hub.HubRequest.Mode;
import io.weir.dataplane.websub.hub.HubRequest.Valid;
import org.junit.jupiter.api.Test;

class HubRequestTest {

    private static final String OK = "hub.mode=subscribe&hub.topic=orders&hub.callback=https%3A%2F%2Fexample.com%2Fcb%3Fa%3D1";

    @Test
    void readsAFullSubscriptionRequest() {
        HubRequest.Parsed parsed = HubRequest.parse(OK + "&hub.secret=s%26cret&hub.lease_seconds=60", 100, 1000);
        assertThat(parsed).isEqualTo(new Valid(new HubRequest(Mode.SUBSCRIBE, "orders", "https://example.com/cb?a=1", "s&cret", 60)));
    }

    @Test
    void leaseDefaultsAndIsCutToTheMaximum() {
        assertThat(((Valid) HubRequest.parse(OK, 100, 1000)).request().leaseSeconds()).isEqualTo(100);
        assertThat(((Valid) HubRequest.parse(OK + "&hub.lease_seconds=99999", 100, 1000)).request().leaseSeconds()).isEqualTo(1000);
    }

    @Test
    void namesTheFieldAtFault() {
        assertThat(field("")).isEqualTo("hub.mode");
        assertThat(field("hub.mode=publish&hub.topic=t&hub.callback=http://x")).isEqualTo("hub.mode");
        assertThat(field("hub.mode=subscribe&hub.callback=http://x")).isEqualTo("hub.topic");
        assertThat(field("hub.mode=subscribe&hub.topic=t")).isEqualTo("hub.callback");
        assertThat(field("hub.mode=subscribe&hub.topic=t&hub.callback=ftp://x")).isEqualTo("hub.callback");
        assertThat(field("hub.mode=subscribe&hub.topic=t&hub.callback=http://u:p@x/")).isEqualTo("hub.callback");
        assertThat(field("hub.mode=subscribe&hub.topic=t&hub.callback=not a url")).isEqualTo("hub.callback");
        assertThat(field(OK + "&hub.secret=" + "x".repeat(201))).isEqualTo("hub.secret");
        assertThat(field(OK + "&hub.secret=")).isEqualTo("hub.secret");
        assertThat(field(OK + "&hub.lease_seconds=soon")).isEqualTo("hub.lease_seconds");
        assertThat(field(OK + "&hub.lease_seconds=0")).isEqualTo("hub.lease_seconds");
        assertThat(field("hub.mode=%zz")).isEqualTo("body");
    }

    @Test
    void aSecretOfTwoHundredBytesIsAcceptedAndNeverPrinted() {
        HubRequest request = ((Valid) HubRequest.parse(OK + "&hub.secret=" + "x".repeat(200), 100, 1000)).request();
        assertThat(request.secret()).hasSize(200);
        assertThat(request.toString()).doesNotContain("xxx").contains("secret=***");
    }

    private static String field(String body) {
        return ((Invalid) HubRequest.parse(body, 100, 1000)).field();
    }
}
