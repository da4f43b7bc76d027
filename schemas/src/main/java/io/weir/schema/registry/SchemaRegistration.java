package io.weir.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Registers the value schema of every catalogue topic in Apicurio Registry (core REST API v3) as
 * artifact {@code <topic>-value} in the default group — the name the Apicurio serdes' topic-id
 * strategy looks up — and puts a BACKWARD compatibility rule on each, so that a new schema version
 * is accepted only if consumers using it can still read everything already on the log.
 *
 * <p>Idempotent: an unchanged schema finds its existing version; a compatible change adds a version;
 * an incompatible one is refused by the registry and reported as {@link IncompatibleSchemaException}.
 */
public final class SchemaRegistration {

    /** Artifact group the Apicurio serdes use when none is configured. */
    public static final String DEFAULT_GROUP = "default";
    public static final String COMPATIBILITY = "BACKWARD";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String registryUrl;

    /** @param registryUrl core API v3 base, e.g. {@code http://127.0.0.1:8081/apis/registry/v3} */
    public SchemaRegistration(String registryUrl) {
        Objects.requireNonNull(registryUrl, "registryUrl");
        this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
    }

    /** One registered artifact: its id, the version that holds the current schema, and the rule. */
    public record Registered(String artifactId, String version, String compatibility) {
    }

    /** The artifact id of a topic's value schema: {@code <topic>-value}. */
    public static String valueArtifactId(TopicNaming naming, TopicSpec<?> topic) {
        return naming.name(topic) + "-value";
    }

    public List<Registered> registerAll(TopicNaming naming, Collection<TopicSpec<?>> topics) {
        List<Registered> registered = new ArrayList<>();
        for (TopicSpec<?> topic : topics) {
            registered.add(register(valueArtifactId(naming, topic), schemaOf(topic)));
        }
        return registered;
    }

    /** Registers (or finds) {@code schema} as a version of {@code artifactId} under the BACKWARD rule. */
    public Registered register(String artifactId, Schema schema) {
        // the rule must exist before a second version can be added, so make sure of it first when
        // the artifact already exists; a brand-new artifact gets its rule right after creation
        boolean exists = artifactExists(artifactId);
        if (exists) {
            ensureCompatibilityRule(artifactId);
        }
        String version = createOrFindVersion(artifactId, schema);
        if (!exists) {
            ensureCompatibilityRule(artifactId);
        }
        return new Registered(artifactId, version, compatibilityRule(artifactId));
    }

    /** The compatibility rule configured on an artifact, or null when there is none. */
    public String compatibilityRule(String artifactId) {
        HttpResponse<String> response = send(get(artifactPath(artifactId) + "/rules/COMPATIBILITY"));
        if (response.statusCode() == 404) {
            return null;
        }
        expectOk(response, "read the compatibility rule of " + artifactId);
        return readJson(response).path("config").asText(null);
    }

    /** The schema text of the latest version of an artifact. */
    public String latestSchema(String artifactId) {
        HttpResponse<String> response = send(get(artifactPath(artifactId) + "/versions/branch=latest/content"));
        expectOk(response, "read the latest schema of " + artifactId);
        return response.body();
    }

    @SuppressWarnings("unchecked")
    public static Schema schemaOf(TopicSpec<?> topic) {
        try {
            return (Schema) topic.valueType().getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(topic.valueType() + " is not a generated Avro record", e);
        }
    }

    private boolean artifactExists(String artifactId) {
        HttpResponse<String> response = send(get(artifactPath(artifactId)));
        if (response.statusCode() == 404) {
            return false;
        }
        expectOk(response, "look up artifact " + artifactId);
        return true;
    }

    private String createOrFindVersion(String artifactId, Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("artifactId", artifactId);
        body.put("artifactType", "AVRO");
        ObjectNode content = body.putObject("firstVersion").putObject("content");
        content.put("content", schema.toString());
        content.put("contentType", "application/json");
        HttpResponse<String> response = send(post(
                "/groups/" + DEFAULT_GROUP + "/artifacts?ifExists=FIND_OR_CREATE_VERSION&canonical=true", body));
        if (isRuleViolation(response)) {
            throw new IncompatibleSchemaException(artifactId, describe(response));
        }
        expectOk(response, "register the schema of " + artifactId);
        return readJson(response).path("version").path("version").asText();
    }

    /** The registry answers a compatibility failure with 409 (older servers) or 400 "Incompatible artifact". */
    private static boolean isRuleViolation(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        return status == 409 || ((status == 400 || status == 422)
                && (body.contains("RuleViolation") || body.contains("Incompatible artifact")));
    }

    private void ensureCompatibilityRule(String artifactId) {
        String current = compatibilityRule(artifactId);
        if (COMPATIBILITY.equals(current)) {
            return;
        }
        ObjectNode rule = JSON.createObjectNode();
        rule.put("ruleType", "COMPATIBILITY");
        rule.put("config", COMPATIBILITY);
        HttpResponse<String> response = current == null
                ? send(post(artifactPath(artifactId) + "/rules", rule))
                : send(put(artifactPath(artifactId) + "/rules/COMPATIBILITY", rule));
        expectOk(response, "set the BACKWARD rule on " + artifactId);
    }

    private String artifactPath(String artifactId) {
        return "/groups/" + DEFAULT_GROUP + "/artifacts/" + URLEncoder.encode(artifactId, StandardCharsets.UTF_8);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest put(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("schema registry at " + registryUrl + " is not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the schema registry", e);
        }
    }

    private static void expectOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("could not " + what + ": " + describe(response));
        }
    }

    private static String describe(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText(problem.path("message").asText(""));
            if (!detail.isEmpty()) {
                return "HTTP " + response.statusCode() + ": " + detail;
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        return "HTTP " + response.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) : body);
    }

    private static JsonNode readJson(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("schema registry answered with something that is not JSON", e);
        }
    }
}
