package io.weir.controlplane.definition;

import static io.weir.controlplane.definition.Fixtures.imported;
import static io.weir.controlplane.definition.Fixtures.single;
import static io.weir.schema.api.ChannelOperation.PUBLISH;
import static io.weir.schema.api.ChannelOperation.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.DefinitionFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncApiImportTest {

    @Test
    void streetlights26OverKafkaIsAStreamApiWithOneTopicPerChannel() {
        ImportResult.Imported api = imported(single("valid/asyncapi-2.6-streetlights-kafka.yaml"));

        assertThat(api.format()).isEqualTo(DefinitionFormat.ASYNCAPI_2);
        assertThat(api.specVersion()).isEqualTo("2.6.0");
        assertThat(api.apiType()).isEqualTo(ApiType.STREAM);
        assertThat(api.context()).isEqualTo("/streetlights-kafka-api");
        // 2.x publish/subscribe are the client's view already: subscribe → SUBSCRIBE, publish → PUBLISH
        assertThat(api.resources())
                .extracting(ApiResource::getMethod, ApiResource::getPath, ApiResource::getOperations, ApiResource::getKafkaTopic)
                .containsExactly(
                        tuple(null, "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured",
                                List.of(SUBSCRIBE), "streetlights.lighting.measured"), // bindings.kafka.topic
                        tuple(null, "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on",
                                List.of(PUBLISH), "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on"),
                        tuple(null, "smartylighting.streetlights.1.0.action.{streetlightId}.dim", // a $ref'd channel
                                List.of(SUBSCRIBE, PUBLISH), "smartylighting.streetlights.1.0.action.{streetlightId}.dim"));
        assertThat(api.endpoints().getProductionUrl()).isNull();
        assertThat(api.servers()).extracting(BackendHint::name, BackendHint::protocol, BackendHint::address).containsExactly(
                tuple("scram-connections", "kafka-secure", "test.mykafkacluster.org:18092"),
                tuple("mtls-connections", "kafka-secure", "test.mykafkacluster.org:28092"));
    }

    @Test
    void aWebSocketServerMakesAWsApiProxiedToIt() {
        ImportResult.Imported api = imported(single("valid/asyncapi-2.6-gemini-websocket.yaml"));

        assertThat(api.apiType()).isEqualTo(ApiType.WS);
        assertThat(api.resources())
                .extracting(ApiResource::getPath, ApiResource::getOperations, ApiResource::getKafkaTopic, ApiResource::getAuthScheme)
                .containsExactly(
                        tuple("/v1/marketdata/{symbol}", List.of(SUBSCRIBE), null, AuthScheme.API_KEY),
                        tuple("/v1/orders", List.of(PUBLISH), null, AuthScheme.API_KEY));
        assertThat(api.endpoints().getProductionUrl()).isEqualTo("wss://api.gemini.com");
    }

    @Test
    void streetlights30MapsTheApplicationsSendAndReceiveToWhatUsersMayDo() {
        ImportResult.Imported api = imported(single("valid/asyncapi-3.0-streetlights-kafka.yaml"));

        assertThat(api.format()).isEqualTo(DefinitionFormat.ASYNCAPI_3_0);
        assertThat(api.apiType()).isEqualTo(ApiType.STREAM);
        // receive (the application receives) → users PUBLISH; send → users SUBSCRIBE
        assertThat(api.resources())
                .extracting(ApiResource::getPath, ApiResource::getOperations, ApiResource::getKafkaTopic)
                .containsExactly(
                        tuple("smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured",
                                List.of(PUBLISH), "streetlights.lighting.measured"),
                        tuple("smartylighting.streetlights.1.0.action.{streetlightId}.turn.on",
                                List.of(SUBSCRIBE), "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on"),
                        // channel and operation both $ref'd from components
                        tuple("smartylighting.streetlights.1.0.action.{streetlightId}.dim",
                                List.of(SUBSCRIBE), "smartylighting.streetlights.1.0.action.{streetlightId}.dim"));
    }

    @Test
    void accountServiceOnAWebSubHubIsAWebSubApi() {
        ImportResult.Imported api = imported(single("valid/asyncapi-3.0-account-service.yaml"));

        assertThat(api.apiType()).isEqualTo(ApiType.WEBSUB);
        assertThat(api.name()).isEqualTo("Account Service");
        assertThat(api.description()).isEqualTo("This service is in charge of processing user signups");
        assertThat(api.resources()).extracting(ApiResource::getPath, ApiResource::getOperations, ApiResource::getKafkaTopic)
                .containsExactly(tuple("user/signedup", List.of(SUBSCRIBE), null));
        assertThat(api.servers()).containsExactly(new BackendHint("hub", "websub", "hub.example.com/websub"));
        assertThat(api.warnings()).anyMatch(w -> w.contains("no backend URL"));
    }

    @Test
    void asyncApi31IsValidatedAs31AndModelledWithThe30Model() {
        ImportResult.Imported api = imported(single("valid/asyncapi-3.1-market-sse.yaml"));

        assertThat(api.format()).isEqualTo(DefinitionFormat.ASYNCAPI_3_1);
        assertThat(api.specVersion()).isEqualTo("3.1.0");
        // http server marked SSE through x-weir-api-type in its bindings
        assertThat(api.apiType()).isEqualTo(ApiType.SSE);
        assertThat(api.resources()).extracting(ApiResource::getPath, ApiResource::getOperations)
                .containsExactly(tuple("/ticks/{symbol}", List.of(SUBSCRIBE)), tuple("/watchlist", List.of(PUBLISH)));
        assertThat(api.endpoints().getProductionUrl()).isEqualTo("https://ticks.example.com/stream");
        assertThat(api.rootDocument()).contains("asyncapi: 3.1.0");
    }

    @Test
    void withoutADecidingServerTheApiIsAStreamOverItsChannelAddressesAndSaysSo() {
        String doc = """
                asyncapi: 3.0.0
                info: {title: Orders, version: 1.0.0}
                channels:
                  placed:
                    address: orders.placed
                  unnamed:
                    address: null
                operations:
                  onPlaced:
                    action: receive
                    channel: {$ref: '#/channels/placed'}
                    security:
                      - {type: oauth2, flows: {}}
                      - {type: httpApiKey, name: key, in: header}
                """;

        ImportResult.Imported api = imported(DefinitionUpload.single("orders.yaml", doc));

        assertThat(api.apiType()).isEqualTo(ApiType.STREAM);
        assertThat(api.resources())
                .extracting(ApiResource::getPath, ApiResource::getKafkaTopic, ApiResource::getOperations, ApiResource::getAuthScheme)
                .containsExactly(
                        tuple("orders.placed", "orders.placed", List.of(PUBLISH), AuthScheme.API_KEY_OR_OAUTH2),
                        tuple("unnamed", "unnamed", List.of(), AuthScheme.API_KEY)); // null address: the key
        assertThat(api.warnings()).anyMatch(w -> w.contains("STREAM"));
    }

    @Test
    void aRootXWeirApiTypeWinsOverTheServerProtocol() {
        String doc = """
                asyncapi: '2.6.0'
                info: {title: Chat, version: '2'}
                x-weir-api-type: WEBSUB
                servers:
                  broker: {url: 'chat.example.com:9092', protocol: kafka}
                channels:
                  rooms: {subscribe: {message: {payload: {type: string}}}}
                """;

        ImportResult.Imported api = imported(DefinitionUpload.single("chat.yaml", doc));

        assertThat(api.apiType()).isEqualTo(ApiType.WEBSUB);
        assertThat(api.resources()).extracting(ApiResource::getPath, ApiResource::getKafkaTopic)
                .containsExactly(tuple("rooms", null));
    }
}
