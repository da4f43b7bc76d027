package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.datamodels.models.MappedNode;
import io.apicurio.datamodels.models.Node;
import io.apicurio.datamodels.models.SecurityScheme;
import io.apicurio.datamodels.models.asyncapi.AsyncApiBinding;
import io.apicurio.datamodels.models.asyncapi.AsyncApiChannelBindings;
import io.apicurio.datamodels.models.asyncapi.AsyncApiChannelItem;
import io.apicurio.datamodels.models.asyncapi.AsyncApiDocument;
import io.apicurio.datamodels.models.asyncapi.AsyncApiServer;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30Channel;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30Channels;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30Document;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30Operation;
import io.apicurio.datamodels.models.asyncapi.v30.AsyncApi30SecurityScheme;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.ChannelOperation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an AsyncAPI 2.x/3.x model into one Weir resource per channel: {@code path} is the channel
 * address (3.x; the channel key when the address is null) or the channel name (2.x).
 *
 * <p>Operations are stated from the perspective of Weir's users, the clients of the gateway:
 * <ul>
 *   <li>AsyncAPI 3.x describes what the <em>application</em> does: {@code send} means the
 *       application sends messages on the channel, so users may SUBSCRIBE to them; {@code receive}
 *       means the application receives, so users may PUBLISH.</li>
 *   <li>AsyncAPI 2.x {@code publish}/{@code subscribe} are already from the client's perspective:
 *       {@code publish} → PUBLISH, {@code subscribe} → SUBSCRIBE.</li>
 * </ul>
 * So a 2.x {@code subscribe} and a 3.x {@code send} on the same channel both become SUBSCRIBE.
 *
 * <p>For a STREAM API each resource names its Kafka topic: the channel's {@code bindings.kafka.topic},
 * else its address. Auth: a 3.x operation's {@code security} (see {@link AuthSchemes}); 2.x
 * operation security is not read, so 2.x channels take Weir's default.
 */
final class AsyncApiReader {

    private AsyncApiReader() {
    }

    static ApiShape read(AsyncApiDocument doc, ApiType override) {
        List<String> warnings = new ArrayList<>();
        List<AsyncApiServer> servers = AsyncApiTypes.servers(doc);
        ApiType type = override != null ? override : AsyncApiTypes.decide(servers, warnings);
        List<ApiResource> resources = doc instanceof AsyncApi30Document v3 ? channels3(v3, type) : channels2(doc, type);
        List<BackendHint> hints = servers.stream()
                .map(s -> new BackendHint(AsyncApiTypes.name(s), s.getProtocol(), AsyncApiTypes.address(s))).toList();
        return new ApiShape(type, resources, endpoints(type, hints, warnings), hints,
                Contexts.fromTitle(doc.getInfo().getTitle()), warnings);
    }

    private static List<ApiResource> channels2(AsyncApiDocument doc, ApiType type) {
        List<ApiResource> resources = new ArrayList<>();
        if (!(doc.getChannels() instanceof MappedNode<?> channels)) {
            return resources;
        }
        for (String name : channels.getItemNames()) {
            AsyncApiChannelItem item = ModelRefs.follow((AsyncApiChannelItem) channels.getItem(name));
            if (item == null) {
                continue;
            }
            Set<ChannelOperation> ops = EnumSet.noneOf(ChannelOperation.class);
            if (item.getPublish() != null) {
                ops.add(ChannelOperation.PUBLISH);
            }
            if (item.getSubscribe() != null) {
                ops.add(ChannelOperation.SUBSCRIBE);
            }
            resources.add(resource(name, AuthScheme.API_KEY, ops, type, item.getBindings()));
        }
        return resources;
    }

    private static List<ApiResource> channels3(AsyncApi30Document doc, ApiType type) {
        Map<String, Set<ChannelOperation>> ops = new LinkedHashMap<>();
        Map<String, List<List<SecurityScheme>>> security = new LinkedHashMap<>();
        if (doc.getOperations() != null) {
            for (AsyncApi30Operation op : doc.getOperations().getItems()) {
                AsyncApi30Operation resolved = ModelRefs.follow(op);
                String channel = resolved == null ? null : channelKey(doc, resolved);
                if (channel != null) {
                    ops.computeIfAbsent(channel, k -> EnumSet.noneOf(ChannelOperation.class))
                            .add("send".equals(resolved.getAction()) ? ChannelOperation.SUBSCRIBE : ChannelOperation.PUBLISH);
                    if (resolved.getSecurity() != null && !resolved.getSecurity().isEmpty()) {
                        security.computeIfAbsent(channel, k -> new ArrayList<>()).add(schemes(resolved.getSecurity()));
                    }
                }
            }
        }
        List<ApiResource> resources = new ArrayList<>();
        if (!(doc.getChannels() instanceof AsyncApi30Channels channels)) {
            return resources;
        }
        for (String key : channels.getItemNames()) {
            AsyncApi30Channel channel = ModelRefs.follow(channels.getItem(key));
            if (channel != null) {
                String path = channel.getAddress() != null ? channel.getAddress() : key;
                resources.add(resource(path, AuthSchemes.of(security.get(key)),
                        ops.getOrDefault(key, Set.of()), type, channel.getBindings()));
            }
        }
        return resources;
    }

    /** The key in root {@code channels} an operation's channel names (by {@code $ref}, or the node it resolves to). */
    private static String channelKey(AsyncApi30Document doc, AsyncApi30Operation op) {
        if (op.getChannel() == null || op.getChannel().get$ref() == null) {
            return null;
        }
        String ref = op.getChannel().get$ref();
        if (ref.startsWith("#/channels/") && ref.indexOf('/', "#/channels/".length()) < 0) {
            return Pointers.unescape(ref.substring("#/channels/".length()));
        }
        Node target = ModelRefs.follow(op.getChannel());
        AsyncApi30Channels channels = (AsyncApi30Channels) doc.getChannels();
        for (String key : channels == null ? List.<String>of() : channels.getItemNames()) {
            if (ModelRefs.follow(channels.getItem(key)) == target) {
                return key;
            }
        }
        return null;
    }

    private static List<SecurityScheme> schemes(List<AsyncApi30SecurityScheme> declared) {
        return declared.stream().map(s -> (SecurityScheme) ModelRefs.follow(s)).toList();
    }

    private static ApiResource resource(String path, AuthScheme auth, Set<ChannelOperation> ops, ApiType type,
                                        AsyncApiChannelBindings bindings) {
        return ApiResource.newBuilder().setPath(path).setAuthScheme(auth).setOperations(new ArrayList<>(ops))
                .setKafkaTopic(type == ApiType.STREAM ? kafkaTopic(bindings, path) : null)
                .build();
    }

    private static String kafkaTopic(AsyncApiChannelBindings bindings, String address) {
        AsyncApiChannelBindings resolved = bindings == null ? null : ModelRefs.follow(bindings);
        AsyncApiBinding kafka = resolved == null ? null : resolved.getKafka();
        JsonNode topic = kafka == null ? null : kafka.getItem("topic");
        return topic != null && topic.isTextual() ? topic.asText() : address;
    }

    /** Backend URL from the first server, for APIs that proxy one; STREAM APIs have none. */
    private static BackendEndpoints endpoints(ApiType type, List<BackendHint> servers, List<String> warnings) {
        String url = null;
        if (type != ApiType.STREAM && !servers.isEmpty()) {
            BackendHint first = servers.get(0);
            String protocol = first.protocol() == null ? "" : first.protocol().toLowerCase(Locale.ROOT);
            if (first.address() != null && first.address().contains("://")) {
                url = first.address();
            } else if (first.address() != null && Set.of("http", "https", "ws", "wss").contains(protocol)) {
                url = protocol + "://" + first.address();
            } else {
                warnings.add("server '" + first.name() + "' (" + first.protocol() + ") gives no backend URL: set it by hand");
            }
        }
        return BackendEndpoints.newBuilder().setProductionUrl(url).build();
    }
}
