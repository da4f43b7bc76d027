package io.weir.dataplane.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.vertx.core.json.JsonObject;
import io.weir.dataplane.testing.GatewayRecords;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The served document follows the deployment and is valid against the official AsyncAPI 3.0.0 JSON Schema. */
class AsyncApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static GatewayApi streamApi() {
        GatewayApi api = GatewayRecords.api("orders-api", "/orders", "1.0.0", List.of(
                ApiResource.newBuilder().setPath("orders").setAuthScheme(AuthScheme.API_KEY)
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)).build(),
                ApiResource.newBuilder().setPath("/cdc/customers").setAuthScheme(AuthScheme.NONE)
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE)).build()));
        api.setApiType(ApiType.STREAM);
        api.setTopicBindings(List.of(
                TopicBinding.newBuilder().setChannel("orders").setKafkaTopic("shop.orders")
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)).build(),
                TopicBinding.newBuilder().setChannel("/cdc/customers").setKafkaTopic("weir.cdc.shop.public.customers")
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE)).build()));
        return api;
    }

    @Test
    void aStreamApiIsDescribedAsDeployed() throws Exception {
        JsonObject document = AsyncApiDocument.of(streamApi(), new PublicAddress("gw.example.com:8443", true));

        assertThat(document.getString("asyncapi")).isEqualTo("3.0.0");
        assertThat(document.getJsonObject("servers").getJsonObject("websocket").getMap())
                .containsEntry("host", "gw.example.com:8443").containsEntry("protocol", "wss").containsEntry("pathname", "/orders/1.0.0");
        assertThat(document.getJsonObject("servers").getJsonObject("sse").getString("protocol")).isEqualTo("https");
        JsonObject orders = document.getJsonObject("channels").getJsonObject("orders");
        assertThat(orders.getString("address")).isEqualTo("orders");
        assertThat(orders.getJsonObject("bindings").getJsonObject("kafka").getString("topic")).isEqualTo("shop.orders");
        assertThat(document.getJsonObject("channels").getJsonObject("cdc_customers").getJsonObject("bindings")
                .getJsonObject("kafka").getString("topic")).isEqualTo("weir.cdc.shop.public.customers");
        JsonObject operations = document.getJsonObject("operations");
        assertThat(operations.fieldNames()).containsExactlyInAnyOrder("orders.subscribe", "orders.publish", "cdc_customers.subscribe");
        assertThat(operations.getJsonObject("orders.subscribe").getString("action")).isEqualTo("send");
        assertThat(operations.getJsonObject("orders.publish").getString("action")).isEqualTo("receive");
        assertThat(operations.getJsonObject("orders.subscribe").getJsonArray("security").encode())
                .contains("apiKeyHeader", "apiKeyQuery").doesNotContain("bearerToken");
        assertThat(operations.getJsonObject("cdc_customers.subscribe").containsKey("security")).isFalse();
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        assertThat(schemes.getJsonObject("apiKeyHeader").getString("name")).isEqualTo("apikey");
        assertThat(schemes.getJsonObject("apiKeyQuery").getString("name")).isEqualTo("apiKey");

        assertThat(officialSchema().validate(JSON.readTree(document.encode()))).isEmpty();
    }

    @Test
    void anOpenWebSocketApiHasNoSecurityAndIsStillValid() throws Exception {
        GatewayApi api = GatewayRecords.api("chat", "chat", "v1", List.of(
                ApiResource.newBuilder().setPath("/rooms/{room}").setAuthScheme(AuthScheme.NONE)
                        .setOperations(List.of(ChannelOperation.SUBSCRIBE, ChannelOperation.PUBLISH)).build()));
        api.setApiType(ApiType.WS);
        JsonObject document = AsyncApiDocument.of(api, new PublicAddress("localhost:8000", false));

        assertThat(document.getJsonObject("servers").fieldNames()).containsExactly("websocket");
        assertThat(document.getJsonObject("servers").getJsonObject("websocket").getString("protocol")).isEqualTo("ws");
        assertThat(document.containsKey("components")).isFalse();
        assertThat(document.getJsonObject("channels").getJsonObject("rooms__room_").getString("address")).isEqualTo("/rooms/{room}");
        assertThat(officialSchema().validate(JSON.readTree(document.encode()))).isEmpty();
    }

    private static Schema officialSchema() throws Exception {
        String resource = "/asyncapi/3.0.0-without-$id.json";
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("the build fetched the official schema from npm").isNotNull();
            JsonNode node = JSON.readTree(in);
            Dialect dialect = Dialect.builder(Dialects.getDraft7())
                    .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build();
            return SchemaRegistry.withDefaultDialect(dialect).getSchema(SchemaLocation.of("classpath:" + resource), node);
        }
    }
}
