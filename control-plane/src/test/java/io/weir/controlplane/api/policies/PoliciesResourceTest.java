package io.weir.controlplane.api.policies;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static io.weir.controlplane.api.Fakes.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.policy.UpdateThrottlingPolicy;
import io.weir.schema.view.ThrottlingPolicyView;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class PoliciesResourceTest {

    private static final String LIMITS = "{'quotaKind':'REQUEST_COUNT','limit':100,'unitMillis':60000}";

    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ThrottlingPolicyView> policies = new Fakes.MapView<ThrottlingPolicyView>()
            .with("acme/SUBSCRIPTION/Gold", policy("acme", "SUBSCRIPTION", "Gold"))
            .with("acme/API/Busy", policy("acme", "API", "Busy"))
            .with("acme/SUBSCRIPTION/Bronze", policy("acme", "SUBSCRIPTION", "Bronze"))
            .with("globex/SUBSCRIPTION/Gold", policy("globex", "SUBSCRIPTION", "Gold"));
    private final PoliciesResource resource = new PoliciesResource(commands, policies,
            () -> caller("pat", "acme", Role.PUBLISHER));

    @Test
    void aPolicyIsDefinedUnderTheCallersOrganizationLevelAndName() {
        Response response = resource.define(json("{'name':'Gold Plus','level':'SUBSCRIPTION','limits':" + LIMITS + "}"), null);

        assertThat(commands.last().type()).isEqualTo(AggregateType.THROTTLING_POLICY);
        assertThat(commands.last().aggregateId()).isEqualTo("acme/SUBSCRIPTION/Gold Plus");
        assertThat(commands.last().expectedVersion()).isZero();
        assertThat(response.getHeaderString("Location")).isEqualTo("/api/v1/policies/SUBSCRIPTION/Gold%20Plus");
    }

    @Test
    void aNameWithASlashIsRefused() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> resource.define(json("{'name':'a/b','level':'API','limits':" + LIMITS + "}"), null));
        assertThat(e.pointer()).isEqualTo("/name");
    }

    @Test
    void theListIsByLevelThenNameAndFiltersByLevel() {
        assertThat(resource.list(null).findValuesAsText("policyId"))
                .containsExactly("acme/SUBSCRIPTION/Bronze", "acme/SUBSCRIPTION/Gold", "acme/API/Busy");
        assertThat(resource.list("api").findValuesAsText("policyId")).containsExactly("acme/API/Busy");
    }

    @Test
    void anUnknownLevelIsABadRequest() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.list("GOLD")).problem().pointer())
                .isEqualTo("/query/level");
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("tier", "Gold")).problem().pointer())
                .isEqualTo("/path/level");
    }

    @Test
    void aCallerOnlyNamesTheirOwnOrganizationsPolicies() {
        assertThat(resource.get("SUBSCRIPTION", "Gold").getHeaderString("ETag")).isEqualTo("\"1\"");

        resource.update("subscription", "Gold", json("{'limits':" + LIMITS + "}"), "\"1\"", null);
        assertThat(commands.last().aggregateId()).isEqualTo("acme/SUBSCRIPTION/Gold");
        assertThat(commands.last().payload()).isInstanceOf(UpdateThrottlingPolicy.class);

        resource.delete("API", "Busy", null, null);
        assertThat(commands.last().aggregateId()).isEqualTo("acme/API/Busy");
        assertThat(commands.last().payload()).isInstanceOf(DeleteThrottlingPolicy.class);
    }

    private static ThrottlingPolicyView policy(String organization, String level, String name) {
        return record(ThrottlingPolicyView.class, "{'policyId':'" + organization + "/" + level + "/" + name
                + "','organization':'" + organization + "','version':1,'name':'" + name + "','level':'" + level
                + "','limits':" + LIMITS + ",'requiresApproval':false,'updatedAt':'2026-01-01T00:00:00Z'}");
    }
}
