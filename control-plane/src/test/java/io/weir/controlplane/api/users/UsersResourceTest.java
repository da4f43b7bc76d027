package io.weir.controlplane.api.users;

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
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.RevokeRole;
import io.weir.schema.organization.Role;
import io.weir.schema.view.UserView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsersResourceTest {

    private Caller caller = caller("ada", "acme", Role.ADMIN);
    private final List<String> hashed = new ArrayList<>();
    private final PasswordHashing hashing = password -> {
        hashed.add(password);
        return "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA";
    };
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<UserView> users = new Fakes.MapView<UserView>()
            .with("zoe", SampleViews.user("zoe", "acme"))
            .with("ann", SampleViews.user("ann", "acme"))
            .with("gus", SampleViews.user("gus", "globex"));
    private final UsersResource resource = new UsersResource(commands, users, hashing, () -> caller);

    @Test
    void aPasswordIsHashedBeforeItEntersTheCommand() {
        resource.register(json("{'username':'bob','displayName':'Bob','password':'correct horse'}"), null);

        RegisterUser sent = (RegisterUser) commands.last().payload();
        assertThat(commands.last().type()).isEqualTo(AggregateType.USER);
        assertThat(commands.last().aggregateId()).isEqualTo("bob");
        assertThat(sent.getPasswordHash()).startsWith("$pbkdf2-sha256$");
        assertThat(sent.toString()).doesNotContain("correct horse");
        assertThat(hashed).containsExactly("correct horse");
    }

    @Test
    void aUserWithoutPasswordSignsInElsewhere() {
        resource.register(json("{'username':'bob','displayName':'Bob'}"), null);
        assertThat(((RegisterUser) commands.last().payload()).getPasswordHash()).isNull();
        assertThat(hashed).isEmpty();
    }

    @Test
    void aClientCannotSendAHashOrAWeakPassword() {
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.register(
                json("{'username':'bob','displayName':'Bob','passwordHash':'$x$y'}"), null)).pointer())
                .isEqualTo("/passwordHash");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.register(
                json("{'username':'bob','displayName':'Bob','password':'short'}"), null)).pointer())
                .isEqualTo("/password");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.register(
                json("{'displayName':'Bob','password':'long enough'}"), null)).pointer())
                .isEqualTo("/username");
        assertThat(hashed).as("nothing is hashed for a body that is refused").isEmpty();
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void onlyAnAdminRegistersUsers() {
        caller = caller("pat", "acme", Role.PUBLISHER);
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> resource.register(json("{'username':'bob','displayName':'Bob'}"), null)).problem().status())
                .isEqualTo(403);
    }

    @Test
    void usersAreListedByNameWithoutTheirPasswordHashes() {
        JsonNode list = resource.list();
        assertThat(list.findValuesAsText("username")).containsExactly("ann", "zoe");
        assertThat(list.toString()).doesNotContain("passwordHash", "pbkdf2");
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.get("gus")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void rolesAreGrantedAndRevokedOnTheUser() {
        resource.grant("ann", json("{'role':'SUBSCRIBER'}"), "\"1\"", null);
        GrantRole grant = (GrantRole) commands.last().payload();
        assertThat(grant.getUsername()).isEqualTo("ann");
        assertThat(grant.getRole()).isEqualTo(Role.SUBSCRIBER);
        assertThat(commands.last().expectedVersion()).isEqualTo(1L);

        resource.revoke("ann", "publisher", null, null);
        assertThat(((RevokeRole) commands.last().payload()).getRole()).isEqualTo(Role.PUBLISHER);
    }

    @Test
    void anUnknownRoleIsABadRequest() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.revoke("ann", "owner", null, null))
                .problem().pointer()).isEqualTo("/path/role");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.grant("ann", json("{'role':'OWNER'}"),
                null, null)).pointer()).isEqualTo("/role");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> resource.grant("ann",
                json("{'role':'ADMIN','username':'zoe'}"), null, null)).pointer()).isEqualTo("/username");
    }
}
