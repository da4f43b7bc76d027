package io.weir.controlplane.api.organizations;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static io.weir.controlplane.api.Fakes.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.Role;
import io.weir.schema.view.OrganizationView;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class OrganizationsResourceTest {

    private Caller caller = caller("pat", "acme", Role.PUBLISHER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<OrganizationView> organizations = new Fakes.MapView<OrganizationView>()
            .with("acme", organization("acme", "platform"))
            .with("acme-labs", organization("acme-labs", "acme"))
            .with("globex", organization("globex", "platform"));
    private final OrganizationsResource resource = new OrganizationsResource(commands, organizations, () -> caller);

    @Test
    void aCallerSeesTheirOwnOrganizationAndThoseItCreated() {
        assertThat(resource.list().findValuesAsText("organizationId")).containsExactly("acme", "acme-labs");
        assertThat(resource.get("acme").getStatus()).isEqualTo(200);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("globex")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void onlyAnAdminCreatesOrganizations() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.create(json("{'name':'beta','displayName':'Beta'}"), null)).problem().status())
                .isEqualTo(403);

        caller = caller("ada", "acme", Role.ADMIN);
        Response response = resource.create(json("{'name':'beta','displayName':'Beta'}"), null);
        assertThat(commands.last().type()).isEqualTo(AggregateType.ORGANIZATION);
        assertThat(commands.last().aggregateId()).isEqualTo("beta");
        assertThat(((CreateOrganization) commands.last().payload()).getDisplayName()).isEqualTo("Beta");
        assertThat(response.getHeaderString("Location")).isEqualTo("/api/v1/organizations/beta");
    }

    private static OrganizationView organization(String name, String createdBy) {
        return record(OrganizationView.class, "{'organizationId':'" + name + "','organization':'" + createdBy
                + "','version':1,'name':'" + name + "','displayName':'" + name + "','createdAt':'2026-01-01T00:00:00Z'}");
    }
}
