package io.weir.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientFrameTest {

    @Test
    void subscribeWithPositionAndFilters() {
        ClientFrame frame = ClientFrame.parse("""
                {"type":"subscribe","channel":"/orders","from":"0:4","key":"k1","headers":{"region":"eu"},"id":"c1"}""");
        assertThat(frame).isEqualTo(new ClientFrame.Subscribe("c1", "orders", "0:4", new RecordFilter("k1", Map.of("region", "eu"))));
        assertThat(ClientFrame.parse("{\"type\":\"subscribe\",\"channel\":\"orders\",\"from\":1764237600000}"))
                .isEqualTo(new ClientFrame.Subscribe(null, "orders", "1764237600000", RecordFilter.ALL));
    }

    @Test
    void publishKeepsTheJsonPayload() {
        ClientFrame frame = ClientFrame.parse("{\"type\":\"publish\",\"channel\":\"orders\",\"key\":\"k\",\"payload\":{\"n\":1},\"id\":7}");
        assertThat(frame).isInstanceOfSatisfying(ClientFrame.Publish.class, publish -> {
            assertThat(publish.id()).isEqualTo("7");
            assertThat(publish.key()).isEqualTo("k");
            assertThat(publish.payload()).isEqualTo(new JsonObject().put("n", 1));
        });
        assertThat(ClientFrame.parse("{\"type\":\"unsubscribe\",\"channel\":\"orders\"}"))
                .isEqualTo(new ClientFrame.Unsubscribe(null, "orders"));
    }

    @Test
    void malformedFramesAreInvalidWithAReason() {
        assertThat(code("not json")).isEqualTo("frame-invalid");
        assertThat(code("[1,2]")).isEqualTo("frame-invalid");
        assertThat(code("{\"channel\":\"orders\"}")).isEqualTo("frame-invalid");
        assertThat(code("{\"type\":\"subscribe\"}")).isEqualTo("frame-invalid");
        assertThat(code("{\"type\":\"dance\",\"channel\":\"orders\"}")).isEqualTo("frame-invalid");
        assertThat(code("{\"type\":\"publish\",\"channel\":\"orders\"}")).isEqualTo("frame-invalid");
        assertThat(code("{\"type\":\"publish\",\"channel\":\"orders\",\"key\":3,\"payload\":1}")).isEqualTo("frame-invalid");
        assertThat(code("{\"type\":\"subscribe\",\"channel\":\"orders\",\"from\":{}}")).isEqualTo("from-invalid");
        assertThat(code("{\"type\":\"subscribe\",\"channel\":\"orders\",\"headers\":[]}")).isEqualTo("filter-invalid");
    }

    private static String code(String text) {
        return ((ClientFrame.Invalid) ClientFrame.parse(text)).code();
    }
}
