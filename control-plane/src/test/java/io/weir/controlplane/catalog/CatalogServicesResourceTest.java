package io.weir.controlplane.catalog;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.CatalogServiceView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogServicesResourceTest {

    static final String PETSTORE = resource("/definitions/valid/openapi-3.0-petstore.yaml");
    static final String CDC_ORDERS = resource("/definitions/catalog/cdc-orders-asyncapi.json");

    private Caller caller = caller("pat", "acme", Role.PUBLISHER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<CatalogServiceView> services = new Fakes.MapView<CatalogServiceView>()
            .with("s-orders", Samples.service("s-orders", "acme", "shop.public.orders", CatalogServiceKind.CDC_STREAM,
                    List.of("cdc", "shop"), false))
            .with("s-pets", Samples.service("s-pets", "acme", "Petstore", CatalogServiceKind.REST, List.of("shop"), false))
            .with("s-gone", Samples.service("s-gone", "acme", "gone", CatalogServiceKind.REST, List.of(), true))
            .with("s-other", Samples.service("s-other", "globex", "Petstore", CatalogServiceKind.REST, List.of(), false));
    private final CatalogServicesResource resource =
            new CatalogServicesResource(commands, services, Fakes.log(Map.of()), () -> caller);

    @Test
    void aPublisherRegistersAnOpenApiServiceWithItsEndpoint() {
        ObjectNode body = body(PETSTORE);
        body.put("endpoint", "https://pets.internal/v1");
        body.putArray("tags").add("pets");

        resource.register(body, null);

        assertThat(commands.last().type()).isEqualTo(AggregateType.CATALOG_SERVICE);
        RegisterCatalogService register = (RegisterCatalogService) commands.last().payload();
        assertThat(register.getName()).isEqualTo("Swagger Petstore");
        assertThat(commands.last().aggregateId()).isEqualTo(CatalogServiceIds.of("acme", "Swagger Petstore"));
        assertThat(commands.last().expectedVersion()).isZero();
        assertThat(register.getSpec().getKind()).isEqualTo(CatalogServiceKind.REST);
        assertThat(register.getSpec().getVersion()).isEqualTo("1.0.0");
        assertThat(register.getSpec().getDefinition().getFormat()).isEqualTo(DefinitionFormat.OPENAPI_3_0);
        assertThat(register.getSpec().getEndpoint()).isEqualTo("https://pets.internal/v1");
        assertThat(register.getSpec().getTags()).containsExactly("pets");
        assertThat(register.getSpec().getSource()).isEqualTo("pat");
    }

    @Test
    void anAsyncApiServiceOverKafkaNamesItsTopic() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("definition", parse(CDC_ORDERS)); // the document inline, as a JSON object
        body.put("name", "orders-stream");

        resource.register(body, null);

        RegisterCatalogService register = (RegisterCatalogService) commands.last().payload();
        assertThat(register.getName()).isEqualTo("orders-stream");
        assertThat(register.getSpec().getKind()).isEqualTo(CatalogServiceKind.ASYNC);
        assertThat(register.getSpec().getKafkaTopic()).isEqualTo("weir.cdc.shop.public.orders");
        assertThat(register.getSpec().getVersion()).isEqualTo("1");
    }

    @Test
    void aBrokenDocumentIsABadRequestWithPointers() {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> resource.register(body("openapi: 3.0.3\ninfo: {title: x}\npaths: 7\n"), null));
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().type()).endsWith("invalid-definition");
        assertThat(problem.problem().extensions()).containsKey("errors");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void theBodyIsChecked() {
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.register(json("{'name':'x'}"), null))
                .pointer()).isEqualTo("/definition");
        ObjectNode unknown = body(PETSTORE);
        unknown.put("colour", "red");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.register(unknown, null)).pointer())
                .isEqualTo("/colour");
        ObjectNode badKind = body(PETSTORE);
        badKind.put("kind", "SOAP");
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.register(badKind, null)).problem().pointer())
                .isEqualTo("/kind");
    }

    @Test
    void onlyPublishersWrite() {
        caller = caller("sam", "acme", Role.SUBSCRIBER);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.register(body(PETSTORE), null))
                .problem().status()).isEqualTo(403);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.remove("s-pets", null, null))
                .problem().status()).isEqualTo(403);
        assertThat(resource.list(null, null, null).get("count").asInt()).as("but everyone reads").isEqualTo(2);
    }

    @Test
    void searchesByNameKindAndTags() {
        assertThat(names(resource.list(null, null, null))).containsExactly("Petstore", "shop.public.orders");
        assertThat(names(resource.list("ORDERS", null, null))).containsExactly("shop.public.orders");
        assertThat(names(resource.list(null, "rest", null))).containsExactly("Petstore");
        assertThat(names(resource.list(null, null, List.of("shop", "cdc")))).containsExactly("shop.public.orders");
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.list(null, "SOAP", null)).problem().pointer())
                .isEqualTo("/query/kind");
    }

    @Test
    void anotherOrganizationsOrARemovedServiceIsNotFound() {
        assertThat(resource.get("s-pets").getStatus()).isEqualTo(200);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("s-other")).problem().status())
                .isEqualTo(404);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("s-gone")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void anUpdateIsANewVersionUnderTheSameName() {
        ObjectNode body = body(PETSTORE);
        body.put("name", "Petstore");
        body.put("version", "2.0.0");
        body.put("endpoint", "https://pets.internal/v2");

        resource.update("s-pets", body, "\"3\"", null);

        assertThat(commands.last().payload()).isInstanceOfSatisfying(UpdateCatalogService.class,
                update -> assertThat(update.getSpec().getVersion()).isEqualTo("2.0.0"));
        assertThat(commands.last().expectedVersion()).isEqualTo(3L);

        ObjectNode renamed = body(PETSTORE);
        renamed.put("name", "Dogstore");
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.update("s-pets", renamed, null, null))
                .problem().pointer()).isEqualTo("/name");
    }

    @Test
    void removesAService() {
        resource.remove("s-pets", null, null);
        assertThat(commands.last().payload()).isInstanceOf(RemoveCatalogService.class);
        assertThat(commands.last().aggregateId()).isEqualTo("s-pets");
    }

    @Test
    void servesTheDefinitionAsRegistered() {
        assertThat(resource.definition("s-orders").getEntity()).isEqualTo(services.values.get("s-orders")
                .getSpec().getDefinition().getContent());
    }

    static ObjectNode body(String document) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("definition", document);
        return body;
    }

    private static List<String> names(JsonNode list) {
        return list.get("items").findValuesAsText("name").stream().filter(n -> !n.equals("change")).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String path) {
        try (var in = CatalogServicesResourceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
