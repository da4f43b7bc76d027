package io.weir.controlplane.api.applications;

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
import io.weir.controlplane.security.SecretHashes;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.application.KeyType;
import io.weir.schema.application.RevokeApiKey;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiKeyView;
import io.weir.schema.view.ApplicationView;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeysResourceTest {

    private Caller caller = caller("sam", "acme", Role.SUBSCRIBER);
    private final Fakes.RecordingCommands commands = new Fakes.RecordingCommands();
    private final Fakes.MapView<ApplicationView> applications = new Fakes.MapView<ApplicationView>()
            .with("app", SampleViews.application("app", "acme", "Shop", 1))
            .with("theirs", SampleViews.application("theirs", "globex", "Other", 1));
    private final ApiKeysResource resource = new ApiKeysResource(commands, applications, () -> caller);

    ApiKeysResourceTest() {
        // the fake processor records the issued key in the view, as the projection would
        commands.effect = sent -> {
            if (sent.payload() instanceof IssueApiKey issue) {
                ApplicationView application = applications.values.get(sent.aggregateId());
                List<ApiKeyView> keys = new ArrayList<>(application.getApiKeys());
                if (keys.stream().noneMatch(k -> k.getKeyId().equals(issue.getKeyId()))) {
                    keys.add(new ApiKeyView(issue.getKeyId(), issue.getPrefix(), issue.getSecretHash(), issue.getKeyType(),
                            issue.getEnvironment(), issue.getExpiresAt(), Instant.EPOCH, null));
                }
                application.setApiKeys(keys);
            }
        };
    }

    @Test
    void theKeyIsShownOnceAndOnlyItsHashAndPrefixAreSent() {
        Response response = resource.issue("app", json("{'environment':'production'}"), null, null);

        JsonNode shown = (JsonNode) response.getEntity();
        String apiKey = shown.get("apiKey").asText();
        IssueApiKey sent = (IssueApiKey) commands.last().payload();
        assertThat(commands.last().type()).isEqualTo(AggregateType.APPLICATION);
        assertThat(apiKey).hasSize(43);
        assertThat(sent.getSecretHash()).isEqualTo(SecretHashes.sha256Hex(apiKey));
        assertThat(sent.getPrefix()).isEqualTo(apiKey.substring(0, 8)).isEqualTo(shown.get("prefix").asText());
        assertThat(sent.toString()).doesNotContain(apiKey);
        assertThat(sent.getKeyType()).isEqualTo(KeyType.PRODUCTION);
        assertThat(sent.getEnvironment()).isEqualTo("production");
        assertThat(shown.get("keyId").asText()).isEqualTo(sent.getKeyId());
        assertThat(shown.has("expiresAt")).isTrue();
        assertThat(shown.toString()).doesNotContain(sent.getSecretHash());
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Location")).endsWith("/applications/app/api-keys/" + sent.getKeyId());
    }

    @Test
    void listingShowsPrefixesButNeverTheKeyOrItsHash() {
        String apiKey = ((JsonNode) resource.issue("app", null, null, null).getEntity()).get("apiKey").asText();

        JsonNode list = (JsonNode) resource.list("app").getEntity();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        assertThat(list.at("/items/0/prefix").asText()).isEqualTo(apiKey.substring(0, 8));
        assertThat(list.toString()).doesNotContain(apiKey, SecretHashes.sha256Hex(apiKey), "secretHash");
    }

    @Test
    void aClientCannotChooseTheKeyHash() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> resource.issue("app", json("{'secretHash':'00ff'}"), null, null));
        assertThat(e.pointer()).isEqualTo("/secretHash");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyDoesNotShowAKeyThatWasNeverStored() {
        String key = UUID.randomUUID().toString();
        resource.issue("app", null, null, key);

        ProblemException e = catchThrowableOfType(ProblemException.class, () -> resource.issue("app", null, null, key));
        assertThat(e.problem().status()).isEqualTo(409);
    }

    @Test
    void keysOfAnotherOrganizationsApplicationAreNotFound() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.list("theirs")).problem().status())
                .isEqualTo(404);
    }

    @Test
    void aPublisherWithoutSubscriberRoleMayNotIssueKeys() {
        caller = caller("pat", "acme", Role.PUBLISHER);
        assertThat(catchThrowableOfType(ProblemException.class, () -> resource.issue("app", null, null, null))
                .problem().status()).isEqualTo(403);
    }

    @Test
    void revokingSendsTheKeyId() {
        resource.revoke("app", "k1", "\"3\"", null);
        assertThat(((RevokeApiKey) commands.last().payload()).getKeyId()).isEqualTo("k1");
        assertThat(commands.last().expectedVersion()).isEqualTo(3L);
    }
}
