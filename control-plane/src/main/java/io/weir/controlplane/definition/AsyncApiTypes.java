package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.datamodels.Library;
import io.apicurio.datamodels.models.Extensible;
import io.apicurio.datamodels.models.asyncapi.AsyncApiDocument;
import io.apicurio.datamodels.models.asyncapi.AsyncApiServer;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30Server;
import io.weir.schema.api.ApiType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which kind of Weir API an AsyncAPI document describes, from its servers in document order: an
 * {@code x-weir-api-type} extension on the server or in its {@code bindings} decides; else the
 * protocol: {@code kafka}/{@code kafka-secure} → STREAM, {@code ws}/{@code wss} → WS, {@code sse}
 * → SSE, {@code websub} → WEBSUB ({@code http}/{@code https} alone decide nothing: SSE and WebSub
 * both ride on HTTP). With no deciding server the API is a STREAM over Kafka topics named by the
 * channels. A root {@code x-weir-api-type} overrides all of this (the importer applies it).
 */
final class AsyncApiTypes {

    static final String EXTENSION = "x-weir-api-type";

    private AsyncApiTypes() {
    }

    static ApiType decide(List<AsyncApiServer> servers, List<String> warnings) {
        for (AsyncApiServer server : servers) {
            Optional<ApiType> type = extension(server).or(() -> fromProtocol(server.getProtocol()));
            if (type.isPresent()) {
                return type.get();
            }
        }
        warnings.add("no server protocol tells how to expose this API; imported as a STREAM API over Kafka topics"
                + " (set " + EXTENSION + " to choose WS, SSE or WEBSUB)");
        return ApiType.STREAM;
    }

    static List<AsyncApiServer> servers(AsyncApiDocument doc) {
        List<AsyncApiServer> servers = new ArrayList<>();
        if (doc.getServers() != null) {
            doc.getServers().getItems().forEach(s -> servers.add(ModelRefs.follow(s)));
        }
        servers.removeIf(java.util.Objects::isNull);
        return servers;
    }

    static String name(AsyncApiServer server) {
        return server.mapPropertyName();
    }

    /** {@code host[:port][/path]} (3.x) or the 2.x {@code url}, variables filled in. */
    static String address(AsyncApiServer server) {
        String raw = server instanceof AsyncApi30Server s
                ? s.getHost() + (s.getPathname() == null ? "" : s.getPathname())
                : Library.writeNode(server).path("url").asText(null); // 2.0-2.6 share no interface for url
        return Contexts.fill(raw, server.getVariables());
    }

    /** A value of {@code x-weir-api-type}, or empty when absent or not a Weir API type. */
    static Optional<ApiType> parse(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        try {
            ApiType type = ApiType.valueOf(value.asText().trim().toUpperCase(Locale.ROOT));
            return type == ApiType.UNSPECIFIED ? Optional.empty() : Optional.of(type);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<ApiType> extension(AsyncApiServer server) {
        Optional<ApiType> own = server instanceof Extensible e ? parse(extensionsOf(e).get(EXTENSION)) : Optional.empty();
        return own.or(() -> server.getBindings() instanceof Extensible b ? parse(extensionsOf(b).get(EXTENSION)) : Optional.empty());
    }

    private static Map<String, JsonNode> extensionsOf(Extensible e) {
        return e.getExtensions() == null ? Map.of() : e.getExtensions();
    }

    private static Optional<ApiType> fromProtocol(String protocol) {
        return switch (protocol == null ? "" : protocol.toLowerCase(Locale.ROOT)) {
            case "kafka", "kafka-secure" -> Optional.of(ApiType.STREAM);
            case "ws", "wss" -> Optional.of(ApiType.WS);
            case "sse" -> Optional.of(ApiType.SSE);
            case "websub" -> Optional.of(ApiType.WEBSUB);
            default -> Optional.empty();
        };
    }
}
