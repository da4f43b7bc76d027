package io.weir.dataplane.edge;

import static org.assertj.core.api.Assertions.assertThat;
import io.vertx.core.http.HttpMethod;
import io.weir.schema.api.ApiType;
import io.weir.schema.gateway.GatewayApi;
import org.junit.jupiter.api.Test;

class EdgeEndpointTest {

    @Test
    void restApisAndUnknownTypesAreProxied() {
        assertThat(EdgeEndpoint.of(api(ApiType.HTTP), HttpMethod.GET, false, "/asyncapi")).isEqualTo(EdgeEndpoint.PROXY);
        assertThat(EdgeEndpoint.of(api(ApiType.UNSPECIFIED), HttpMethod.GET, false, "/x")).isEqualTo(EdgeEndpoint.PROXY);
    }

    @Test
    void eventDrivenApisServeTheirAsyncApiDocument() {
        for (ApiType type : new ApiType[] {ApiType.WS, ApiType.SSE, ApiType.WEBSUB, ApiType.STREAM}) {
            assertThat(EdgeEndpoint.of(api(type), HttpMethod.GET, false, "/asyncapi")).isEqualTo(EdgeEndpoint.ASYNCAPI);
        }
        assertThat(EdgeEndpoint.of(api(ApiType.WEBSUB), HttpMethod.POST, false, "/asyncapi"))
                .isEqualTo(EdgeEndpoint.WEBSUB);
    }

    @Test
    void streamApisChooseByRequest() {
        GatewayApi stream = api(ApiType.STREAM);
        assertThat(EdgeEndpoint.of(stream, HttpMethod.POST, false, "/hub")).isEqualTo(EdgeEndpoint.WEBSUB);
        assertThat(EdgeEndpoint.of(stream, HttpMethod.GET, true, "/orders")).isEqualTo(EdgeEndpoint.STREAM_WEBSOCKET);
        assertThat(EdgeEndpoint.of(stream, HttpMethod.GET, false, "/orders")).isEqualTo(EdgeEndpoint.STREAM_SSE);
    }

    @Test
    void backendRelaysByApiType() {
        assertThat(EdgeEndpoint.of(api(ApiType.WS), HttpMethod.GET, true, "/chat")).isEqualTo(EdgeEndpoint.WEBSOCKET);
        assertThat(EdgeEndpoint.of(api(ApiType.SSE), HttpMethod.GET, false, "/ticks")).isEqualTo(EdgeEndpoint.SSE);
        assertThat(EdgeEndpoint.of(api(ApiType.WEBSUB), HttpMethod.POST, false, "/hub")).isEqualTo(EdgeEndpoint.WEBSUB);
    }

    private static GatewayApi api(ApiType type) {
        GatewayApi api = new GatewayApi();
        api.setApiType(type);
        return api;
    }
}
