package io.weir.dataplane.stream;

import io.vertx.core.json.Json;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import java.util.List;

/**
 * A channel of a STREAM API as the edge serves it: its address, the Kafka topic bound to it, what
 * clients may do on it, and the channel resource (auth scheme, throttling policy) if the API has one.
 * Channel addresses compare without a leading '/': {@code orders} and {@code /orders} are one channel.
 */
record ChannelRoute(String channel, String topic, List<ChannelOperation> operations, ApiResource resource) {

    static ChannelRoute find(GatewayApi api, String requested) {
        String wanted = normalize(requested);
        for (TopicBinding binding : api.getTopicBindings()) {
            if (normalize(binding.getChannel()).equals(wanted)) {
                ApiResource resource = api.getResources().stream()
                        .filter(r -> r.getMethod() == null && normalize(r.getPath()).equals(wanted))
                        .findFirst().orElse(null);
                return new ChannelRoute(normalize(binding.getChannel()), binding.getKafkaTopic(),
                        List.copyOf(binding.getOperations()), resource);
            }
        }
        return null;
    }

    static String normalize(String channel) {
        return channel == null ? "" : channel.startsWith("/") ? channel.substring(1) : channel;
    }

    boolean allows(ChannelOperation operation) {
        return operations.contains(operation);
    }

    /** The credential the channel asks for; without a channel resource, either an API key or a token. */
    AuthScheme authScheme() {
        AuthScheme scheme = resource == null ? null : resource.getAuthScheme();
        return scheme == null || scheme == AuthScheme.UNSPECIFIED ? AuthScheme.API_KEY_OR_OAUTH2 : scheme;
    }

    String quoted() {
        return Json.encode(channel);
    }
}
