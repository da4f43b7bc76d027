package io.weir.dataplane.websub;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The WebSub topics of a deployed API: a WEBSUB API's channels are its resources (a resource that
 * names a {@code kafkaTopic} is also fed from that topic); a STREAM API's are its topic bindings.
 * A topic is matched with or without its leading '/', and always reported as the API declares it,
 * so subscriptions, published content and Kafka-fed content agree on one name.
 */
public final class Channels {

    /** One topic: its declared name, the Kafka topic feeding it (or null), its policy and auth scheme. */
    public record Channel(String name, String kafkaTopic, String throttlingPolicy, AuthScheme authScheme) {
    }

    private Channels() {
    }

    public static Map<String, Channel> of(GatewayApi api) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        if (api.getApiType() == ApiType.STREAM) {
            for (TopicBinding binding : api.getTopicBindings()) {
                ApiResource resource = resource(api, binding.getChannel());
                channels.put(normal(binding.getChannel()), new Channel(binding.getChannel(), binding.getKafkaTopic(),
                        resource == null ? null : resource.getThrottlingPolicy(), scheme(resource)));
            }
        } else if (api.getApiType() == ApiType.WEBSUB) {
            for (ApiResource resource : api.getResources()) {
                channels.putIfAbsent(normal(resource.getPath()), new Channel(resource.getPath(), resource.getKafkaTopic(),
                        resource.getThrottlingPolicy(), scheme(resource)));
            }
        }
        return channels;
    }

    public static Optional<Channel> find(GatewayApi api, String topic) {
        return topic == null ? Optional.empty() : Optional.ofNullable(of(api).get(normal(topic)));
    }

    private static ApiResource resource(GatewayApi api, String channel) {
        return api.getResources().stream().filter(r -> normal(r.getPath()).equals(normal(channel))).findFirst().orElse(null);
    }

    private static AuthScheme scheme(ApiResource resource) {
        AuthScheme scheme = resource == null ? null : resource.getAuthScheme();
        return scheme == null || scheme == AuthScheme.UNSPECIFIED ? AuthScheme.API_KEY_OR_OAUTH2 : scheme;
    }

    static String normal(String topic) {
        String trimmed = topic.trim();
        return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    }
}
