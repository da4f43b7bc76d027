package io.weir.controlplane.api;

import static io.weir.controlplane.api.Fakes.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.application.ApiKeyIssued;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.ApplicationView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewJsonTest {

    private static final ApplicationView WITH_CREDENTIALS = record(ApplicationView.class, "{'applicationId':'app-1',"
            + "'organization':'acme','version':4,'name':'Shop','owner':'sam','tier':'Unlimited',"
            + "'apiKeys':[{'keyId':'k1','prefix':'abcdefgh','secretHash':'KEYHASH','keyType':'PRODUCTION',"
            + "'issuedAt':'2026-01-01T00:00:00Z'}],"
            + "'oauthClients':[{'clientId':'c1','secretPrefix':'ijklmnop','secretHash':'CLIENTHASH',"
            + "'previousSecretHash':'OLDHASH','keyType':'SANDBOX','registeredAt':'2026-01-01T00:00:00Z'}],"
            + "'createdAt':'2026-01-01T00:00:00Z','updatedAt':'2026-01-02T00:00:00Z'}");

    @Test
    void aViewNeverShowsTheHashesOfSecrets() {
        JsonNode json = ViewJson.of(WITH_CREDENTIALS);

        assertThat(json.toString()).doesNotContain("KEYHASH", "CLIENTHASH", "OLDHASH", "secretHash", "previousSecretHash");
        assertThat(json.at("/apiKeys/0/prefix").asText()).isEqualTo("abcdefgh");
        assertThat(json.at("/oauthClients/0/secretPrefix").asText()).isEqualTo("ijklmnop");
        assertThat(json.at("/oauthClients/0/keyType").asText()).isEqualTo("SANDBOX");
    }

    @Test
    void aUserNeverShowsTheirPasswordHash() {
        JsonNode json = ViewJson.of(SampleViews.user("ann", "acme"));

        assertThat(json.has("passwordHash")).isFalse();
        assertThat(json.toString()).doesNotContain("pbkdf2");
        assertThat(json.get("roles").get(0).asText()).isEqualTo("PUBLISHER");
    }

    @Test
    void aListCountsItsItemsInTheGivenOrder() {
        JsonNode list = ViewJson.list(List.of(SampleViews.api("b", "acme", "Beta", 1), SampleViews.api("a", "acme", "Alpha", 1)));

        assertThat(list.get("count").asInt()).isEqualTo(2);
        assertThat(list.at("/items/0/apiId").asText()).isEqualTo("b");
        assertThat(list.at("/items/1/name").asText()).isEqualTo("Alpha");
    }

    @Test
    void listsStripSecretsToo() {
        assertThat(ViewJson.list(List.of(WITH_CREDENTIALS)).toString()).doesNotContain("HASH");
    }

    @Test
    void anEventShowsItsTypeVersionActorAndPayloadWithoutSecrets() {
        EventEnvelope event = EventEnvelope.newBuilder().setEventId("e1").setAggregateType(AggregateType.APPLICATION)
                .setAggregateId("app-1").setAggregateVersion(2).setOccurredAt(Instant.parse("2026-01-01T10:00:00Z"))
                .setActor("sam").setOrganization("acme").setCausationId("c1").setCorrelationId("r1")
                .setPayload(record(ApiKeyIssued.class, "{'keyId':'k1','secretHash':'KEYHASH','prefix':'abcdefgh',"
                        + "'keyType':'PRODUCTION'}"))
                .build();

        JsonNode json = ViewJson.event(event);

        assertThat(json.get("type").asText()).isEqualTo("ApiKeyIssued");
        assertThat(json.get("version").asLong()).isEqualTo(2);
        assertThat(json.get("actor").asText()).isEqualTo("sam");
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(json.at("/payload/prefix").asText()).isEqualTo("abcdefgh");
        assertThat(json.toString()).doesNotContain("KEYHASH");
    }

    @Test
    void aWriteWithoutAViewShowsItsOutcome() {
        JsonNode json = ViewJson.written(new Written("cmd", "api-1", 5, List.of("e"), false));

        assertThat(json.get("id").asText()).isEqualTo("api-1");
        assertThat(json.get("version").asLong()).isEqualTo(5);
        assertThat(json.get("commandId").asText()).isEqualTo("cmd");
    }
}
