package io.weir.dataplane.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.testing.GatewayRecords;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static ApiResource resource(String method, String path) {
        return ApiResource.newBuilder().setMethod(method).setPath(path).setAuthScheme(AuthScheme.API_KEY).build();
    }

    @Test
    void resolvesTheApiByContextAndVersionAndMatchesTheMostSpecificResource() {
        RouteTable table = new RouteTable();
        table.put(GatewayRecords.api("api-1", "/pets", "1.0.0", List.of(resource("GET", "/pets/{id}"),
                resource("GET", "/pets/mine"), resource("POST", "/pets"))));
        table.put(GatewayRecords.api("api-2", "/pets/store", "2", List.of(resource("GET", "/*"))));

        RouteTable.Resolved pets = table.resolve("/pets/1.0.0/pets/mine");
        assertThat(pets.api().api().getApiId()).isEqualTo("api-1");
        assertThat(pets.remainder()).isEqualTo("/pets/mine");
        assertThat(pets.api().match("GET", pets.remainder()))
                .isInstanceOfSatisfying(RoutedApi.Found.class, f -> assertThat(f.route().template()).isEqualTo("/pets/mine"));
        assertThat(pets.api().match("GET", "/pets/42"))
                .isInstanceOfSatisfying(RoutedApi.Found.class, f -> assertThat(f.route().template()).isEqualTo("/pets/{id}"));
        assertThat(pets.api().match("DELETE", "/pets")).isInstanceOfSatisfying(RoutedApi.MethodNotAllowed.class,
                m -> assertThat(m.allowed()).containsExactly("POST"));
        assertThat(pets.api().match("GET", "/owners")).isInstanceOf(RoutedApi.NoResource.class);

        RouteTable.Resolved store = table.resolve("/pets/store/2/anything/below");
        assertThat(store.api().api().getApiId()).isEqualTo("api-2");
        assertThat(store.api().match("GET", store.remainder())).isInstanceOf(RoutedApi.Found.class);
        assertThat(table.resolve("/pets/store/2")).isNotNull();
        assertThat(table.resolve("/pets/2.0.0/pets")).isNull();
        assertThat(table.resolve("/")).isNull();
    }

    @Test
    void aRedeployWithANewContextMovesTheApiAndRemovalForgetsIt() {
        RouteTable table = new RouteTable();
        table.put(GatewayRecords.api("api-1", "/old", "1", List.of(resource("GET", "/x"))));
        table.put(GatewayRecords.api("api-1", "/new", "1", List.of(resource("GET", "/x"))));
        assertThat(table.resolve("/old/1/x")).isNull();
        assertThat(table.resolve("/new/1/x")).isNotNull();
        table.remove("api-1");
        assertThat(table.resolve("/new/1/x")).isNull();
    }

    @Test
    void anApiWithoutHttpResourcesPassesEveryPath() {
        RoutedApi api = new RoutedApi(GatewayRecords.api("api-1", "/raw", "1", List.of()));
        assertThat(api.match("PATCH", "/a/b/c")).isInstanceOf(RoutedApi.Found.class);
    }

    @Test
    void findsADeployedApiByIdUntilItIsUndeployed() {
        RouteTable table = new RouteTable();
        table.put(GatewayRecords.api("api-1", "/pets", "1", List.of()));
        table.put(GatewayRecords.api("api-1", "/pets", "2", List.of())); // redeployed under another version
        assertThat(table.byApiId("api-1").prefix()).isEqualTo(RoutedApi.prefix("/pets", "2"));
        assertThat(table.byApiId("api-2")).isNull();
        table.remove("api-1");
        assertThat(table.byApiId("api-1")).isNull();
        assertThat(table.resolve("/pets/2/x")).isNull();
    }
}
