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
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.DeleteApiRevision;
import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.api.RestoreApiRevision;
import io.weir.schema.api.UndeployApiRevision;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRevisionsResourceTest {

    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ApiView> apis = new Fakes.MapView<ApiView>().with("pets", SampleViews.api("pets", "acme", "Pets", 4));
    private final ApiRevisionsResource resource = new ApiRevisionsResource(commands, apis,
            () -> caller("pat", "acme", Role.PUBLISHER));

    @Test
    void aNewRevisionIsCreatedAtItsNumber() {
        commands.version = 5;
        commands.effect = sent -> {
            ApiView api = SampleViews.api("pets", "acme", "Pets", 5);
            api.setRevisions(List.of(revision(1), revision(2)));
            apis.with("pets", api);
        };

        Response response = resource.create("pets", null, null, null);

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Location")).endsWith("/api/v1/apis/pets/revisions/2");
        assertThat(((JsonNode) response.getEntity()).get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void aDeploymentTakesTheRevisionFromThePath() {
        resource.deploy("pets", "3", json("{'environments':['production','sandbox']}"), "\"4\"", null);

        DeployApiRevision deploy = (DeployApiRevision) commands.last().payload();
        assertThat(deploy.getRevision()).isEqualTo(3L);
        assertThat(deploy.getEnvironments()).containsExactly("production", "sandbox");
        assertThat(commands.last().expectedVersion()).isEqualTo(4L);
    }

    @Test
    void aDeploymentBodyMayNotNameTheRevision() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> resource.deploy("pets", "3", json("{'revision':1,'environments':[]}"), null, null));
        assertThat(e.pointer()).isEqualTo("/revision");
    }

    @Test
    void aRevisionThatIsNotANumberIsABadRequestNotANotFound() {
        for (Runnable call : List.<Runnable>of(
                () -> resource.restore("pets", "latest", null, null),
                () -> resource.delete("pets", "0", null, null),
                () -> resource.deploy("pets", "x", json("{'environments':[]}"), null, null),
                () -> resource.get("pets", "-1"))) {
            ProblemException e = catchThrowableOfType(ProblemException.class, call::run);
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().pointer()).isEqualTo("/path/n");
        }
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void restoreUndeployAndDeleteAreCommandsOnTheApi() {
        resource.restore("pets", "2", null, null);
        resource.undeploy("pets", "production", null, null);
        resource.delete("pets", "1", null, null);

        assertThat(((RestoreApiRevision) commands.sent.get(0).payload()).getRevision()).isEqualTo(2L);
        assertThat(((UndeployApiRevision) commands.sent.get(1).payload()).getEnvironment()).isEqualTo("production");
        assertThat(((DeleteApiRevision) commands.sent.get(2).payload()).getRevision()).isEqualTo(1L);
    }

    @Test
    void revisionsAreListedInOrderAndAMissingOneIsNotFound() {
        ApiView api = SampleViews.api("pets", "acme", "Pets", 6);
        api.setRevisions(List.of(revision(3), revision(1)));
        apis.with("pets", api);

        JsonNode list = (JsonNode) resource.list("pets").getEntity();
        assertThat(list.at("/items/0/revision").asLong()).isEqualTo(1);
        assertThat(list.at("/items/1/revision").asLong()).isEqualTo(3);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("pets", "2")).problem().status())
                .isEqualTo(404);
    }

    private static ApiRevisionView revision(long n) {
        ApiView api = SampleViews.api("pets", "acme", "Pets", 1);
        return new ApiRevisionView(n, "r" + n, Instant.EPOCH,
                new ApiSnapshot(api.getName(), api.getContext(), api.getApiVersion(), api.getApiType(), api.getSettings()));
    }
}
