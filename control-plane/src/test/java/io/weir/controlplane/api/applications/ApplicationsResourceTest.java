package io.weir.controlplane.api.applications;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.application.DeleteApplication;
import io.weir.schema.application.UpdateApplication;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationsResourceTest {

    private Caller caller = caller("sam", "acme", Role.SUBSCRIBER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ApplicationView> applications = new Fakes.MapView<ApplicationView>()
            .with("b", SampleViews.application("b", "acme", "Shop", 1))
            .with("a", SampleViews.application("a", "acme", "Blog", 1))
            .with("x", SampleViews.application("x", "globex", "Other", 1));
    private final ApplicationsResource resource = new ApplicationsResource(commands, applications, Fakes.log(Map.of()),
            () -> caller);

    @Test
    void theOwnerIsTheCallerUnlessSaidOtherwise() {
        resource.create(json("{'name':'Shop','tier':'Unlimited'}"), null);
        assertThat(((CreateApplication) commands.last().payload()).getOwner()).isEqualTo("sam");
        assertThat(commands.last().expectedVersion()).isZero();
    }

    @Test
    void onlyAnAdminCreatesAnApplicationForSomeoneElse() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.create(json("{'name':'Shop','tier':'Unlimited','owner':'eve'}"), null)).problem().status())
                .isEqualTo(403);

        caller = caller("ada", "acme", Role.ADMIN);
        resource.create(json("{'name':'Shop','tier':'Unlimited','owner':'eve'}"), null);
        assertThat(((CreateApplication) commands.last().payload()).getOwner()).isEqualTo("eve");
    }

    @Test
    void theListIsTheOrganizationsApplicationsByName() {
        assertThat(resource.list().findValuesAsText("applicationId")).containsExactly("a", "b");
    }

    @Test
    void anotherOrganizationsApplicationIsNotFound() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("x")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void updateAndDeleteAreCommandsWithTheExpectedVersion() {
        resource.update("b", json("{'name':'Shop 2','tier':'Gold'}"), "\"1\"", null);
        assertThat(((UpdateApplication) commands.last().payload()).getName()).isEqualTo("Shop 2");
        assertThat(commands.last().expectedVersion()).isEqualTo(1L);

        resource.delete("b", null, null);
        assertThat(commands.last().payload()).isInstanceOf(DeleteApplication.class);
        assertThat(commands.last().expectedVersion()).isNull();
    }
}
