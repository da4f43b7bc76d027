package io.weir.dataplane.asyncapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AsyncAPI 3.0 document of a deployed event-driven API, derived from what this gateway serves
 * (never the document the publisher imported), so it cannot drift from the deployment: servers at
 * this gateway's public address (WebSocket and SSE for a STREAM API), one channel per channel
 * (Kafka binding with the topic for STREAM), operations from the gateway's side - clients who may
 * SUBSCRIBE receive what the gateway {@code send}s, clients who may PUBLISH are what it
 * {@code receive}s - and security schemes from the API's auth configuration.
 */
final class AsyncApiDocument {

    static final String KEY_HEADER = "apiKeyHeader";
    static final String KEY_QUERY = "apiKeyQuery";
    static final String BEARER = "bearerToken";
    /** The query parameter streams accept when the API names none (see StreamCredentials). */
    static final String DEFAULT_KEY_PARAM = "apiKey";

    private AsyncApiDocument() {
    }

    private record Channel(String address, String topic, List<ChannelOperation> operations, AuthScheme scheme) {
    }

    static JsonObject of(GatewayApi api, PublicAddress address) {
        List<Channel> channels = channels(api);
        boolean anySecured = channels.stream().anyMatch(c -> c.scheme() != AuthScheme.NONE);
        JsonObject servers = new JsonObject();
        String pathname = base(api);
        for (Map.Entry<String, String> server : serverProtocols(api, address.secure()).entrySet()) {
            JsonObject entry = new JsonObject().put("host", address.host()).put("protocol", server.getValue())
                    .put("pathname", pathname);
            if (anySecured) {
                entry.put("security", refs(schemesOf(api, channels)));
            }
            servers.put(server.getKey(), entry);
        }
        JsonObject channelsJson = new JsonObject();
        JsonObject operations = new JsonObject();
        Map<String, Integer> used = new LinkedHashMap<>();
        for (Channel channel : channels) {
            String id = uniqueId(channel.address(), used);
            JsonObject json = new JsonObject().put("address", channel.address())
                    .put("messages", new JsonObject().put("message", new JsonObject()
                            .put("name", "message").put("contentType", "application/json").put("payload", new JsonObject())));
            if (channel.topic() != null) {
                json.put("bindings", new JsonObject().put("kafka", new JsonObject()
                        .put("topic", channel.topic()).put("bindingVersion", "0.5.0")));
            }
            channelsJson.put(id, json);
            for (ChannelOperation operation : channel.operations()) {
                if (operation == ChannelOperation.UNSPECIFIED) {
                    continue;
                }
                boolean subscribe = operation == ChannelOperation.SUBSCRIBE;
                JsonObject op = new JsonObject()
                        .put("action", subscribe ? "send" : "receive")
                        .put("channel", new JsonObject().put("$ref", "#/channels/" + id))
                        .put("summary", subscribe ? "Clients subscribe to " + channel.address() : "Clients publish to " + channel.address())
                        .put("messages", new JsonArray().add(new JsonObject().put("$ref", "#/channels/" + id + "/messages/message")));
                if (channel.scheme() != AuthScheme.NONE) {
                    op.put("security", refs(schemes(api, channel.scheme())));
                }
                operations.put(id + (subscribe ? ".subscribe" : ".publish"), op);
            }
        }
        JsonObject document = new JsonObject()
                .put("asyncapi", "3.0.0")
                .put("info", new JsonObject().put("title", api.getName()).put("version", api.getVersion())
                        .put("description", "Revision " + api.getRevision() + " of " + api.getName() + " as deployed to the "
                                + api.getEnvironment() + " environment."))
                .put("defaultContentType", "application/json")
                .put("servers", servers)
                .put("channels", channelsJson)
                .put("operations", operations);
        if (anySecured) {
            document.put("components", new JsonObject().put("securitySchemes", securitySchemes(api)));
        }
        return document;
    }

    private static List<Channel> channels(GatewayApi api) {
        List<Channel> channels = new ArrayList<>();
        if (api.getApiType() == ApiType.STREAM) {
            for (TopicBinding binding : api.getTopicBindings()) {
                channels.add(new Channel(binding.getChannel(), binding.getKafkaTopic(), binding.getOperations(),
                        scheme(resource(api, binding.getChannel()))));
            }
        } else {
            for (ApiResource resource : api.getResources()) {
                if (resource.getMethod() == null) {
                    channels.add(new Channel(resource.getPath(), null, resource.getOperations(), scheme(resource)));
                }
            }
        }
        return channels;
    }

    private static ApiResource resource(GatewayApi api, String channel) {
        String wanted = strip(channel);
        return api.getResources().stream().filter(r -> r.getMethod() == null && strip(r.getPath()).equals(wanted))
                .findFirst().orElse(null);
    }

    private static AuthScheme scheme(ApiResource resource) {
        AuthScheme scheme = resource == null ? null : resource.getAuthScheme();
        return scheme == null || scheme == AuthScheme.UNSPECIFIED ? AuthScheme.API_KEY_OR_OAUTH2 : scheme;
    }

    private static Map<String, String> serverProtocols(GatewayApi api, boolean secure) {
        Map<String, String> servers = new LinkedHashMap<>();
        String ws = secure ? "wss" : "ws";
        String http = secure ? "https" : "http";
        switch (api.getApiType()) {
            case STREAM -> {
                servers.put("websocket", ws);
                servers.put("sse", http);
            }
            case WS -> servers.put("websocket", ws);
            default -> servers.put(api.getApiType() == ApiType.SSE ? "sse" : "websub", http);
        }
        return servers;
    }

    /** The schemes one channel accepts (any one of them). */
    private static List<String> schemes(GatewayApi api, AuthScheme scheme) {
        List<String> names = new ArrayList<>(3);
        if (scheme == AuthScheme.API_KEY || scheme == AuthScheme.API_KEY_OR_OAUTH2) {
            names.add(KEY_HEADER);
            names.add(KEY_QUERY);
        }
        if (scheme == AuthScheme.OAUTH2 || scheme == AuthScheme.API_KEY_OR_OAUTH2) {
            names.add(BEARER);
        }
        return names;
    }

    private static List<String> schemesOf(GatewayApi api, List<Channel> channels) {
        List<String> names = new ArrayList<>();
        channels.forEach(c -> schemes(api, c.scheme()).stream().filter(n -> !names.contains(n)).forEach(names::add));
        return names;
    }

    private static JsonObject securitySchemes(GatewayApi api) {
        String param = api.getAuth().getApiKeyQueryParam() == null ? DEFAULT_KEY_PARAM : api.getAuth().getApiKeyQueryParam();
        return new JsonObject()
                .put(KEY_HEADER, new JsonObject().put("type", "httpApiKey").put("name", api.getAuth().getApiKeyHeader())
                        .put("in", "header").put("description", "An API key of a subscribed application."))
                .put(KEY_QUERY, new JsonObject().put("type", "httpApiKey").put("name", param).put("in", "query")
                        .put("description", "The API key as a query parameter, for browsers (EventSource, WebSocket)."))
                .put(BEARER, new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                        .put("description", "An OAuth2 access token of a subscribed application (or ?access_token=)."));
    }

    private static JsonArray refs(List<String> schemes) {
        JsonArray refs = new JsonArray();
        schemes.forEach(s -> refs.add(new JsonObject().put("$ref", "#/components/securitySchemes/" + s)));
        return refs;
    }

    private static String base(GatewayApi api) {
        String context = api.getContext().startsWith("/") ? api.getContext() : "/" + api.getContext();
        while (context.endsWith("/") && context.length() > 1) {
            context = context.substring(0, context.length() - 1);
        }
        return context + "/" + api.getVersion();
    }

    private static String uniqueId(String address, Map<String, Integer> used) {
        String id = strip(address).replaceAll("[^A-Za-z0-9_.\\-]", "_");
        if (id.isEmpty()) {
            id = "root";
        }
        int seen = used.merge(id, 1, Integer::sum);
        return seen == 1 ? id : id + "_" + seen;
    }

    private static String strip(String channel) {
        return channel == null ? "" : channel.startsWith("/") ? channel.substring(1) : channel;
    }
}
