package io.weir.controlplane.catalog;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.api.CreateApi;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.CatalogServiceView;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceApisResourceTest {

    private Caller caller = caller("pat", "acme", Role.PUBLISHER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<CatalogServiceView> services = new Fakes.MapView<CatalogServiceView>()
            .with("s-orders", Samples.service("s-orders", "acme", "shop.public.orders", CatalogServiceKind.CDC_STREAM,
                    List.of("cdc"), false))
            .with("s-pets", Samples.service("s-pets", "acme", "Petstore", CatalogServiceKind.REST, List.of(), false))
            .with("s-other", Samples.service("s-other", "globex", "Petstore", CatalogServiceKind.REST, List.of(), false));
    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<>();
    private final ServiceApisResource resource = new ServiceApisResource(commands, services, apis, () -> caller);

    @Test
    void aCdcServiceBecomesAStreamApiOnItsTopicInOneCall() {
        resource.createApi("s-orders", json("{'context':'/orders','tiers':['Gold'],'followService':true}"), null);

        assertThat(commands.last().type()).isEqualTo(AggregateType.API);
        assertThat(commands.last().expectedVersion()).isZero();
        CreateApi create = (CreateApi) commands.last().payload();
        assertThat(create.getName()).isEqualTo("shop.public.orders");
        assertThat(create.getContext()).isEqualTo("/orders");
        assertThat(create.getVersion()).isEqualTo("1");
        assertThat(create.getApiType()).isEqualTo(ApiType.STREAM);
        assertThat(create.getSettings().getResources()).singleElement().satisfies(channel -> {
            assertThat(channel.getPath()).isEqualTo("weir.cdc.shop.public.orders");
            assertThat(channel.getKafkaTopic()).isEqualTo("weir.cdc.shop.public.orders");
            assertThat(channel.getOperations()).containsExactly(ChannelOperation.SUBSCRIBE);
        });
        assertThat(create.getSettings().getAllowedTiers()).containsExactly("Gold");
        assertThat(create.getSettings().getFollowsCatalogService()).isEqualTo("s-orders");
        assertThat(create.getSettings().getDefinition()).as("kept verbatim, so that following can compare")
                .isEqualTo(services.values.get("s-orders").getSpec().getDefinition());
    }

    @Test
    void aRestServiceBecomesAnHttpApiOnItsEndpointAndSeveralApisMayComeFromOneService() {
        resource.createApi("s-pets", json("{'context':'/pets'}"), null);
        resource.createApi("s-pets", json("{'context':'/pets-v2','version':'2.0.0'}"), null);

        assertThat(commands.sent).hasSize(2);
        assertThat(commands.sent.get(0).aggregateId()).isNotEqualTo(commands.sent.get(1).aggregateId());
        CreateApi create = (CreateApi) commands.last().payload();
        assertThat(create.getApiType()).isEqualTo(ApiType.HTTP);
        assertThat(create.getSettings().getEndpoints().getProductionUrl()).isEqualTo("https://pets.internal/v1");
        assertThat(create.getSettings().getResources()).extracting(ApiResource::getMethod).contains("GET", "POST");
        assertThat(create.getSettings().getFollowsCatalogService()).as("following is opted into").isNull();
        assertThat(create.getSettings().getAllowedTiers()).containsExactly("Unlimited");
    }

    @Test
    void badInputIsRefused() {
        assertThat(catchThrowableOfType(JsonInputException.class,
                () -> resource.createApi("s-pets", json("{'followService':'yes'}"), null)).pointer()).isEqualTo("/followService");
        assertThat(catchThrowableOfType(JsonInputException.class,
                () -> resource.createApi("s-pets", json("{'tiers':[]}"), null)).pointer()).isEqualTo("/tiers");
        assertThat(catchThrowableOfType(JsonInputException.class,
                () -> resource.createApi("s-pets", json("{'colour':'red'}"), null)).pointer()).isEqualTo("/colour");
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.createApi("s-pets", json("{'apiType':'FTP'}"), null)).problem().pointer()).isEqualTo("/apiType");
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.createApi("s-other", json("{}"), null)).problem().status()).isEqualTo(404);
        caller = caller("sam", "acme", Role.SUBSCRIBER);
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.createApi("s-pets", json("{}"), null)).problem().status()).isEqualTo(403);
        assertThat(commands.sent).isEmpty();
    }
}
