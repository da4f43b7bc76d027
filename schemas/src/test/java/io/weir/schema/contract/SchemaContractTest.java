package io.weir.schema.contract;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiRevisionCreated;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.CreateApi;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.CommandRejected;
import io.weir.schema.command.CommandResult;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules every Avro contract of Weir keeps: domain naming of commands and events, a known outcome
 * for every command, lossless binary round trips, self-compatibility, documentation, enum
 * fallbacks, and no secret carried in clear.
 */
class SchemaContractTest {

    private static final Path AVRO_SOURCES = Path.of("src/main/avro");
    private static final String NAMESPACE_ROOT = "io.weir.schema.";

    /** First word of every command name. */
    private static final Set<String> IMPERATIVE_VERBS = Set.of(
            "Create", "Update", "Change", "Deploy", "Undeploy", "Restore", "Delete", "Refresh", "Issue",
            "Revoke", "Register", "Rotate", "Approve", "Block", "Unblock", "Define", "Remove", "Request",
            "Verify", "Renew", "Expire", "Cancel", "Disable", "Grant");

    /** Past participles that do not end in "ed" (none yet; add e.g. "Sent" here). */
    private static final Set<String> IRREGULAR_PAST = Set.of();

    /** Events each command may append when accepted. */
    private static final Map<String, Set<String>> COMMAND_OUTCOMES = Map.ofEntries(
            entry("CreateApi", Set.of("ApiCreated")),
            entry("UpdateApi", Set.of("ApiUpdated")),
            entry("ChangeApiLifecycle", Set.of("ApiLifecycleChanged")),
            entry("CreateApiRevision", Set.of("ApiRevisionCreated")),
            entry("DeployApiRevision", Set.of("ApiRevisionDeployed")),
            entry("UndeployApiRevision", Set.of("ApiRevisionUndeployed")),
            entry("RestoreApiRevision", Set.of("ApiRevisionRestored")),
            entry("DeleteApiRevision", Set.of("ApiRevisionDeleted")),
            entry("DeleteApi", Set.of("ApiDeleted")),
            entry("RefreshApiServiceDefinition", Set.of("ApiServiceDefinitionChanged")),
            entry("CreateApplication", Set.of("ApplicationCreated")),
            entry("UpdateApplication", Set.of("ApplicationUpdated")),
            entry("DeleteApplication", Set.of("ApplicationDeleted")),
            entry("IssueApiKey", Set.of("ApiKeyIssued")),
            entry("RevokeApiKey", Set.of("ApiKeyRevoked")),
            entry("RegisterOAuthClient", Set.of("OAuthClientRegistered")),
            entry("RotateOAuthClientSecret", Set.of("OAuthClientSecretRotated")),
            entry("RevokeOAuthClient", Set.of("OAuthClientRevoked")),
            entry("CreateSubscription", Set.of("SubscriptionCreated")),
            entry("ApproveSubscription", Set.of("SubscriptionApproved")),
            entry("BlockSubscription", Set.of("SubscriptionBlocked")),
            entry("UnblockSubscription", Set.of("SubscriptionUnblocked")),
            entry("ChangeSubscriptionTier", Set.of("SubscriptionTierChanged")),
            entry("DeleteSubscription", Set.of("SubscriptionDeleted")),
            entry("DefineThrottlingPolicy", Set.of("ThrottlingPolicyDefined")),
            entry("UpdateThrottlingPolicy", Set.of("ThrottlingPolicyUpdated")),
            entry("DeleteThrottlingPolicy", Set.of("ThrottlingPolicyDeleted")),
            entry("DefineEnvironment", Set.of("EnvironmentDefined")),
            entry("RemoveEnvironment", Set.of("EnvironmentRemoved")),
            entry("RegisterCatalogService", Set.of("CatalogServiceRegistered")),
            entry("UpdateCatalogService", Set.of("CatalogServiceUpdated")),
            entry("RemoveCatalogService", Set.of("CatalogServiceRemoved")),
            entry("RequestWebhookSubscription", Set.of("WebhookSubscriptionRequested")),
            entry("VerifyWebhookSubscription", Set.of("WebhookSubscriptionVerified")),
            entry("RenewWebhookSubscription", Set.of("WebhookSubscriptionRenewed")),
            entry("ExpireWebhookSubscription", Set.of("WebhookSubscriptionExpired")),
            entry("CancelWebhookSubscription", Set.of("WebhookSubscriptionCancelled")),
            entry("DisableWebhookSubscription", Set.of("WebhookSubscriptionDisabled")),
            entry("CreateOrganization", Set.of("OrganizationCreated")),
            entry("RegisterUser", Set.of("UserRegistered")),
            entry("GrantRole", Set.of("RoleGranted")),
            entry("RevokeRole", Set.of("RoleRevoked")));

    /** Words that mark a field as a secret (matched case-insensitively anywhere in the name). */
    private static final List<String> SECRET_WORDS =
            List.of("secret", "password", "apikey", "clientsecret", "privatekey");

    /**
     * Fields that name where a secret travels or when it lapses, not the secret itself; and
     * {@code apiKeys}, a list of records whose own fields are checked (hash and prefix only).
     */
    private static final Set<String> NOT_SECRET_VALUES =
            Set.of("apiKeyHeader", "apiKeyQueryParam", "previousSecretGraceUntil", "apiKeys");

    /** Every .avsc file's schema, as compiled into the generated class, by full name. */
    private static Map<String, Schema> topLevel;

    @BeforeAll
    static void loadTopLevelSchemas() throws IOException {
        ObjectMapper json = new ObjectMapper();
        topLevel = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(AVRO_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                JsonNode node = json.readTree(file.toFile());
                String fullName = node.path("namespace").asText() + "." + node.path("name").asText();
                assertThat(file.getFileName()).as("file of %s", fullName)
                        .hasToString(node.path("name").asText() + ".avsc");
                assertThat(node.path("namespace").asText()).as("namespace of %s", file)
                        .isEqualTo(NAMESPACE_ROOT + file.getParent().getFileName());
                topLevel.put(fullName, generatedSchema(fullName));
            }
        }
        assertThat(topLevel).as("top-level schemas").isNotEmpty();
    }

    @Test
    void commandsAreImperativeAndEventsPastTense() {
        assertThat(commandNames()).isNotEmpty().allSatisfy(name -> {
            List<String> words = words(name);
            assertThat(words.get(0)).as("verb of command %s", name).isIn(IMPERATIVE_VERBS);
            assertThat(words.get(words.size() - 1)).as("last word of command %s", name).doesNotEndWith("ed");
        });
        assertThat(eventNames()).isNotEmpty().allSatisfy(name -> {
            String last = words(name).get(words(name).size() - 1);
            assertThat(last.endsWith("ed") || IRREGULAR_PAST.contains(last))
                    .as("event %s ends in a past participle", name).isTrue();
            assertThat(words(name).get(0)).as("event %s must not start with a verb", name)
                    .isNotIn(IMPERATIVE_VERBS);
        });
    }

    @Test
    void everyCommandHasAnOutcomeEventAndEveryEventACause() {
        Set<String> events = eventNames();
        assertThat(COMMAND_OUTCOMES.keySet()).as("commands in the outcome table")
                .containsExactlyInAnyOrderElementsOf(commandNames());
        COMMAND_OUTCOMES.forEach((command, outcomes) ->
                assertThat(events).as("events appended by %s", command).containsAll(outcomes).isNotEmpty());
        Set<String> caused = new HashSet<>();
        COMMAND_OUTCOMES.values().forEach(caused::addAll);
        assertThat(caused).as("events some command causes").containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void commandEnvelopeRoundTrips() throws IOException {
        CommandEnvelope command = CommandEnvelope.newBuilder()
                .setCommandId("6f1c1d0e-5a43-4b8e-9d7e-1d2f0c7b9a11")
                .setAggregateType(AggregateType.API)
                .setAggregateId("api-1")
                .setExpectedVersion(0L)
                .setIssuedAt(Instant.ofEpochMilli(1_760_000_000_123L))
                .setActor("alice")
                .setOrganization("acme")
                .setCorrelationId("corr-1")
                .setPayload(CreateApi.newBuilder()
                        .setName("Pets").setContext("/pets").setVersion("1.0.0").setApiType(ApiType.HTTP)
                        .setSettings(petSettings())
                        .build())
                .build();

        CommandEnvelope copy = roundTrip(command);

        assertThat(copy).isEqualTo(command);
        assertThat(copy.getPayload()).isInstanceOf(CreateApi.class);
    }

    @Test
    void eventEnvelopeRoundTrips() throws IOException {
        EventEnvelope event = EventEnvelope.newBuilder()
                .setEventId("0b7d3c52-2d8e-4a53-8a8f-6f1f1b7c2e90")
                .setAggregateType(AggregateType.API)
                .setAggregateId("api-1")
                .setAggregateVersion(2L)
                .setOccurredAt(Instant.ofEpochMilli(1_760_000_000_456L))
                .setActor("alice")
                .setOrganization("acme")
                .setCausationId("6f1c1d0e-5a43-4b8e-9d7e-1d2f0c7b9a11")
                .setCorrelationId("corr-1")
                .setPayload(ApiRevisionCreated.newBuilder()
                        .setRevision(1L)
                        .setDescription("first")
                        .setSnapshot(ApiSnapshot.newBuilder()
                                .setName("Pets").setContext("/pets").setVersion("1.0.0")
                                .setApiType(ApiType.HTTP).setSettings(petSettings())
                                .build())
                        .build())
                .build();

        EventEnvelope copy = roundTrip(event);

        assertThat(copy).isEqualTo(event);
        assertThat(copy.getPayload()).isInstanceOf(ApiRevisionCreated.class);
    }

    @Test
    void commandResultRoundTrips() throws IOException {
        CommandResult result = CommandResult.newBuilder()
                .setCommandId("c-1").setAggregateType(AggregateType.API).setAggregateId("api-1")
                .setCorrelationId("corr-1").setDecidedAt(Instant.ofEpochMilli(1_760_000_000_789L))
                .setOutcome(CommandRejected.newBuilder()
                        .setReason(RejectionReason.DUPLICATE_CONTEXT)
                        .setMessage("context /pets 1.0.0 is taken")
                        .setField("/payload/context")
                        .build())
                .build();

        assertThat(roundTrip(result)).isEqualTo(result);
    }

    @Test
    void everyTopLevelSchemaCanReadItself() {
        assertThat(topLevel).allSatisfy((name, schema) ->
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(schema, schema).getType())
                        .as("self-compatibility of %s", name)
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE));
    }

    @Test
    void everyTypeAndFieldIsDocumentedAndEveryEnumHasAFallback() {
        List<String> problems = new ArrayList<>();
        walkNamed(schema -> {
            if (isBlank(schema.getDoc())) {
                problems.add(schema.getFullName() + " has no doc");
            }
            if (schema.getType() == Schema.Type.ENUM && schema.getEnumDefault() == null) {
                problems.add(schema.getFullName() + " has no default symbol");
            }
            if (schema.getType() == Schema.Type.RECORD) {
                schema.getFields().stream().filter(field -> isBlank(field.doc()))
                        .forEach(field -> problems.add(schema.getFullName() + "." + field.name() + " has no doc"));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void noSecretTravelsInClear() {
        Set<String> offending = new TreeSet<>();
        walkNamed(schema -> {
            if (schema.getType() == Schema.Type.RECORD) {
                schema.getFields().stream().filter(field -> carriesSecretInClear(field.name()))
                        .forEach(field -> offending.add(schema.getFullName() + "." + field.name()));
            }
        });
        assertThat(offending).isEmpty();
    }

    @Test
    void secretRuleCatchesClearNamesAndAllowsHashedOnes() {
        assertThat(Stream.of("secret", "password", "apiKey", "clientSecret", "privateKey", "webhookSecret"))
                .allMatch(SchemaContractTest::carriesSecretInClear);
        assertThat(Stream.of("secretHash", "secretPrefix", "newSecretHash", "passwordHash", "encryptedSecret",
                "apiKeyHeader", "keyId")).noneMatch(SchemaContractTest::carriesSecretInClear);
    }

    // ------------------------------------------------------------------------------------------

    private static ApiSettings petSettings() {
        return ApiSettings.newBuilder()
                .setDescription("Pet store")
                .setDefinition(ApiDefinition.newBuilder()
                        .setFormat(DefinitionFormat.OPENAPI_3_1)
                        .setContent("openapi: 3.1.0")
                        .setContentType("application/yaml")
                        .build())
                .setEndpoints(BackendEndpoints.newBuilder().setProductionUrl("http://pets:8080").build())
                .setResources(List.of(ApiResource.newBuilder()
                        .setMethod("GET").setPath("/pets/{id}").setAuthScheme(AuthScheme.API_KEY_OR_OAUTH2)
                        .setThrottlingPolicy("10PerMin")
                        .build()))
                .setAllowedTiers(List.of("Gold", "Bronze"))
                .setVisibility(ApiVisibility.PUBLIC)
                .setCors(CorsConfig.newBuilder().setEnabled(true).setAllowedOrigins(List.of("*")).build())
                .setAuth(AuthConfig.newBuilder().setOauthAudiences(List.of("weir")).build())
                .setMaxRequestBytes(1_048_576L)
                .setTags(List.of("pets"))
                .build();
    }

    private static boolean carriesSecretInClear(String fieldName) {
        String lower = fieldName.toLowerCase(Locale.ROOT);
        boolean sensitive = SECRET_WORDS.stream().anyMatch(lower::contains);
        boolean protectedForm = fieldName.endsWith("Hash") || fieldName.endsWith("Prefix")
                || fieldName.startsWith("encrypted");
        return sensitive && !protectedForm && !NOT_SECRET_VALUES.contains(fieldName);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T record) throws IOException {
        Class<T> type = (Class<T>) record.getClass();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(type).write(record, encoder);
        encoder.flush();
        return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static Schema generatedSchema(String fullName) {
        try {
            return (Schema) Class.forName(fullName).getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no generated class for " + fullName, e);
        }
    }

    private static Set<String> commandNames() {
        return unionMemberNames(CommandEnvelope.getClassSchema().getField("payload").schema());
    }

    private static Set<String> eventNames() {
        return unionMemberNames(EventEnvelope.getClassSchema().getField("payload").schema());
    }

    private static Set<String> unionMemberNames(Schema union) {
        Set<String> names = new TreeSet<>();
        union.getTypes().forEach(member -> names.add(member.getName()));
        assertThat(names).as("distinct simple names").hasSize(union.getTypes().size());
        return names;
    }

    /** Visits every named type reachable from any top-level schema, once. */
    private static void walkNamed(Consumer<Schema> visitor) {
        Set<String> seen = new HashSet<>();
        topLevel.values().forEach(schema -> walk(schema, seen, visitor));
    }

    private static void walk(Schema schema, Set<String> seen, Consumer<Schema> visitor) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    visitor.accept(schema);
                    schema.getFields().forEach(field -> walk(field.schema(), seen, visitor));
                }
            }
            case ENUM, FIXED -> {
                if (seen.add(schema.getFullName())) {
                    visitor.accept(schema);
                }
            }
            case ARRAY -> walk(schema.getElementType(), seen, visitor);
            case MAP -> walk(schema.getValueType(), seen, visitor);
            case UNION -> schema.getTypes().forEach(member -> walk(member, seen, visitor));
            default -> { }
        }
    }

    private static List<String> words(String camelCase) {
        return List.of(camelCase.split("(?<=[a-z])(?=[A-Z])"));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
