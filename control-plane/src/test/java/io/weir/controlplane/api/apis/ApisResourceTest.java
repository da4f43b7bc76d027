package io.weir.controlplane.api.apis;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.api.ChangeApiLifecycle;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.api.UpdateApi;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApisResourceTest {

    private Caller caller = caller("pat", "acme", Role.PUBLISHER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<ApiView>()
            .with("pets", SampleViews.api("pets", "acme", "Pets", 4))
            .with("orders", SampleViews.api("orders", "globex", "Orders", 1))
            .with("birds", SampleViews.api("birds", "acme", "Birds", 2));
    private final ApisResource resource = new ApisResource(commands, apis, Fakes.log(Map.of()), () -> caller);

    @Test
    void aCreateSendsTheBodyAsCreateApiExpectingANewAggregate() {
        commands.effect = sent -> apis.with(sent.aggregateId(), SampleViews.api(sent.aggregateId(), "acme", "Zoo", 1));

        Response response = resource.create(json("{'name':'Zoo','context':'/zoo','version':'1.0','apiType':'HTTP',"
                + "'settings':" + SampleViews.SETTINGS + "}"), null);

        Fakes.Sent sent = commands.last();
        assertThat(sent.type()).isEqualTo(AggregateType.API);
        assertThat(sent.expectedVersion()).isZero();
        assertThat(UUID.fromString(sent.aggregateId())).isNotNull();
        assertThat(((CreateApi) sent.payload()).getContext()).isEqualTo("/zoo");
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Location")).endsWith("/api/v1/apis/" + sent.aggregateId());
        assertThat(response.getHeaderString("ETag")).isEqualTo("\"1\"");
        assertThat(((JsonNode) response.getEntity()).get("name").asText()).isEqualTo("Zoo");
    }

    @Test
    void aCreateWithAnIdempotencyKeyIsRetriedOnTheSameAggregate() {
        String key = UUID.randomUUID().toString();
        String body = "{'name':'Zoo','context':'/zoo','version':'1.0','apiType':'HTTP','settings':" + SampleViews.SETTINGS + "}";
        resource.create(json(body), key);
        resource.create(json(body), key);

        assertThat(commands.sent.get(0).aggregateId()).isEqualTo(commands.sent.get(1).aggregateId());
        assertThat(commands.last().idempotencyKey()).isEqualTo(key);
    }

    @Test
    void aBodyThatIsNotACreateApiIsRefusedWithAPointerAndNothingIsSent() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> resource.create(json("{'name':'Zoo','context':'/zoo','version':'1.0','apiType':'SOAP'}"), null));

        assertThat(e.pointer()).isEqualTo("/apiType");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aSubscriberMayNotCreateAnApi() {
        caller = caller("sam", "acme", Role.SUBSCRIBER);
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> resource.create(json("{}"), null));

        assertThat(e.problem().status()).isEqualTo(403);
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void theListShowsOnlyTheCallersOrganizationByName() {
        JsonNode list = resource.list();

        assertThat(list.get("count").asInt()).isEqualTo(2);
        assertThat(list.findValuesAsText("apiId")).containsExactly("birds", "pets");
    }

    @Test
    void anApiOfAnotherOrganizationIsNotFound() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("orders")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void aReadCarriesTheVersionAsETag() {
        Response response = resource.get("pets");

        assertThat(response.getHeaderString("ETag")).isEqualTo("\"4\"");
        assertThat(((JsonNode) response.getEntity()).get("apiId").asText()).isEqualTo("pets");
    }

    @Test
    void ifMatchBecomesTheExpectedVersion() {
        commands.version = 5;
        Response response = resource.update("pets", json("{'settings':" + SampleViews.SETTINGS + "}"), "\"4\"", null);

        assertThat(commands.last().expectedVersion()).isEqualTo(4L);
        assertThat(commands.last().payload()).isInstanceOf(UpdateApi.class);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("ETag")).isEqualTo("\"5\"");
    }

    @Test
    void aMalformedIfMatchIsReportedBeforeTheBodyAndNothingIsSent() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> resource.update("pets", json("{}"), "W/\"4\"", null));

        assertThat(e.problem().pointer()).isEqualTo("/header/If-Match");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void lifecycleAndDeleteAreCommandsOnTheApi() {
        resource.changeLifecycle("pets", json("{'targetStatus':'PUBLISHED','comment':'go'}"), null, null);
        assertThat(((ChangeApiLifecycle) commands.last().payload()).getTargetStatus()).isEqualTo(LifecycleStatus.PUBLISHED);

        commands.visible = false;
        Response deleted = resource.delete("pets", "\"5\"", "k");
        assertThat(commands.last().expectedVersion()).isEqualTo(5L);
        assertThat(((JsonNode) deleted.getEntity()).get("id").asText()).isEqualTo("pets");
        assertThat(commands.sent).extracting(Fakes.Sent::aggregateId).isEqualTo(List.of("pets", "pets"));
    }
}
