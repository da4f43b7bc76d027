package io.weir.controlplane.api.environments;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static io.weir.controlplane.api.Fakes.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.organization.Role;
import io.weir.schema.view.EnvironmentView;
import org.junit.jupiter.api.Test;

class EnvironmentsResourceTest {

    private Caller caller = caller("ada", "acme", Role.ADMIN);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<EnvironmentView> environments = new Fakes.MapView<EnvironmentView>()
            .with("sandbox", environment("sandbox", "acme", false))
            .with("production", environment("production", "acme", false))
            .with("old", environment("old", "acme", true))
            .with("elsewhere", environment("elsewhere", "globex", false));
    private final EnvironmentsResource resource = new EnvironmentsResource(commands, environments, () -> caller);

    @Test
    void anAdminDefinesAnEnvironmentKeyedByName() {
        resource.define(json("{'name':'staging','displayName':'Staging','gatewayUrls':['https://gw.example']}"), null);

        assertThat(commands.last().type()).isEqualTo(AggregateType.ENVIRONMENT);
        assertThat(commands.last().aggregateId()).isEqualTo("staging");
        assertThat(((DefineEnvironment) commands.last().payload()).getGatewayUrls()).containsExactly("https://gw.example");
    }

    @Test
    void theListShowsEveryLiveEnvironmentByNameToEveryOrganization() {
        // environments are platform-wide: any organization deploys to them
        caller = caller("sam", "acme", Role.SUBSCRIBER);
        assertThat(resource.list().findValuesAsText("name")).containsExactly("elsewhere", "production", "sandbox");
    }

    @Test
    void onlyAnAdminRemovesOne() {
        caller = caller("pat", "acme", Role.PUBLISHER);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.remove("sandbox", null, null))
                .problem().status()).isEqualTo(403);

        caller = caller("ada", "acme", Role.ADMIN);
        resource.remove("sandbox", "\"1\"", null);
        assertThat(commands.last().payload()).isInstanceOf(RemoveEnvironment.class);
        assertThat(commands.last().expectedVersion()).isEqualTo(1L);
    }

    private static EnvironmentView environment(String name, String organization, boolean removed) {
        return record(EnvironmentView.class, "{'name':'" + name + "','organization':'" + organization + "','version':1,"
                + "'displayName':'" + name + "','updatedAt':'2026-01-01T00:00:00Z','removed':" + removed + "}");
    }
}
