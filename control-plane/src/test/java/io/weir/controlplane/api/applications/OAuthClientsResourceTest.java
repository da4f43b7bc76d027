package io.weir.controlplane.api.applications;

import static io.weir.controlplane.api.Fakes.caller;
import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.api.Fakes;
import io.weir.controlplane.api.SampleViews;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.security.SecretHashes;
import io.weir.schema.application.OAuthGrantType;
import io.weir.schema.application.RegisterOAuthClient;
import io.weir.schema.application.RevokeOAuthClient;
import io.weir.schema.application.RotateOAuthClientSecret;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApplicationView;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OAuthClientsResourceTest {

    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ApplicationView> applications = new Fakes.MapView<ApplicationView>()
            .with("app", SampleViews.application("app", "acme", "Shop", 1));
    private final OAuthClientsResource resource = new OAuthClientsResource(commands, applications,
            () -> caller("sam", "acme", Role.SUBSCRIBER));

    @Test
    void registeringShowsTheSecretOnceAndSendsOnlyItsHash() {
        Response response = resource.register("app", json("{'redirectUris':['https://shop.example/cb']}"), null, null);

        JsonNode shown = (JsonNode) response.getEntity();
        RegisterOAuthClient sent = (RegisterOAuthClient) commands.last().payload();
        String secret = shown.get("clientSecret").asText();
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(shown.get("clientId").asText()).isEqualTo(sent.getClientId()).matches("[A-Za-z0-9_-]+");
        assertThat(sent.getSecretHash()).isEqualTo(SecretHashes.sha256Hex(secret));
        assertThat(sent.getSecretPrefix()).isEqualTo(secret.substring(0, 8));
        assertThat(sent.getGrantTypes()).containsExactly(OAuthGrantType.CLIENT_CREDENTIALS);
        assertThat(sent.toString()).doesNotContain(secret);
        assertThat(shown.toString()).doesNotContain(sent.getSecretHash());
    }

    @Test
    void aClientCannotChooseItsId() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> resource.register("app", json("{'clientId':'mine'}"), null, null));
        assertThat(e.pointer()).isEqualTo("/clientId");
    }

    @Test
    void rotatingShowsTheNewSecretOnce() {
        Response response = resource.rotate("app", "c1", json("{'previousSecretGraceUntil':'2026-02-01T00:00:00Z'}"),
                "\"2\"", null);

        JsonNode shown = (JsonNode) response.getEntity();
        RotateOAuthClientSecret sent = (RotateOAuthClientSecret) commands.last().payload();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(sent.getClientId()).isEqualTo("c1");
        assertThat(sent.getNewSecretHash()).isEqualTo(SecretHashes.sha256Hex(shown.get("clientSecret").asText()));
        assertThat(sent.getPreviousSecretGraceUntil()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(commands.last().expectedVersion()).isEqualTo(2L);
    }

    @Test
    void revokingSendsTheClientId() {
        resource.revoke("app", "c1", null, null);
        assertThat(((RevokeOAuthClient) commands.last().payload()).getClientId()).isEqualTo("c1");
    }
}
