package io.weir.dataplane.websub.fanout;

import io.weir.dataplane.state.GatewayState;
import io.weir.dataplane.websub.Channels;
import io.weir.dataplane.websub.Channels.Channel;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.webhook.WebhookContent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a consumed record into content: a {@link WebhookContent} of this environment from
 * weir.webhook.published, or a record of a Kafka topic bound to a channel (a STREAM API's binding,
 * a WEBSUB resource's kafkaTopic) that has active subscriptions. A bound topic's Avro value
 * (registry-encoded) is delivered as its JSON rendering; any other value as it is.
 */
final class ContentSources {

    private final String publishedTopic;
    private final String environment;
    private final GatewayState state;
    private final Deserializer<WebhookContent> contentReader;
    private final Deserializer<Object> avroReader;
    private long boundVersion = -1;
    private Map<String, List<String[]>> bound = Map.of();

    ContentSources(String publishedTopic, GatewayState state, Deserializer<WebhookContent> contentReader,
                   Deserializer<Object> avroReader) {
        this.publishedTopic = publishedTopic;
        this.environment = state.environment();
        this.state = state;
        this.contentReader = contentReader;
        this.avroReader = avroReader;
    }

    /** The topics to read: weir.webhook.published and every Kafka topic feeding a subscribed channel. */
    Set<String> topics() {
        refresh();
        Set<String> topics = new HashSet<>(bound.keySet());
        topics.add(publishedTopic);
        return topics;
    }

    List<Content> of(ConsumerRecord<String, byte[]> record) {
        String source = record.topic() + "/" + record.partition() + "/" + record.offset();
        if (record.value() == null) {
            return List.of();
        }
        if (record.topic().equals(publishedTopic)) {
            WebhookContent content = contentReader.deserialize(record.topic(), record.headers(), record.value());
            if (content == null || !environment.equals(content.getEnvironment())) {
                return List.of();
            }
            return List.of(new Content(content.getApiId(), content.getTopic(), bytes(content.getPayload()),
                    content.getContentType(), content.getPublishedAt().toEpochMilli(), source));
        }
        refresh();
        List<Content> contents = new ArrayList<>();
        byte[][] payload = new byte[1][];
        String[] type = new String[1];
        for (String[] channel : bound.getOrDefault(record.topic(), List.of())) {
            if (payload[0] == null) {
                decode(record, payload, type);
            }
            contents.add(new Content(channel[0], channel[1], payload[0], type[0], record.timestamp(), source));
        }
        return contents;
    }

    private void decode(ConsumerRecord<String, byte[]> record, byte[][] payload, String[] type) {
        byte[] value = record.value();
        if (value.length > 5 && value[0] == 0) { // the registry's wire format: magic byte, schema id, Avro
            try {
                Object decoded = avroReader.deserialize(record.topic(), record.headers(), value);
                if (decoded != null) {
                    payload[0] = decoded.toString().getBytes(StandardCharsets.UTF_8); // GenericData renders JSON
                    type[0] = "application/json";
                    return;
                }
            } catch (RuntimeException e) {
                // not registry Avro after all: deliver the bytes as they are
            }
        }
        payload[0] = value;
        Header header = record.headers().lastHeader("content-type");
        type[0] = header == null ? "application/octet-stream" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void refresh() {
        long version = state.webhookSubscriptions().version() * 31 + state.appliedRevisions().hashCode();
        if (version == boundVersion) {
            return;
        }
        Map<String, List<String[]>> next = new HashMap<>();
        Set<String> subscribed = new HashSet<>();
        for (GatewayWebhookSubscription subscription : state.webhookSubscriptions().all()) {
            subscribed.add(subscription.getApiId() + "\n" + subscription.getTopic());
        }
        for (var routed : state.routes().snapshot().values()) {
            GatewayApi api = routed.api();
            for (Channel channel : Channels.of(api).values()) {
                if (channel.kafkaTopic() != null && subscribed.contains(api.getApiId() + "\n" + channel.name())) {
                    next.computeIfAbsent(channel.kafkaTopic(), t -> new ArrayList<>())
                            .add(new String[] {api.getApiId(), channel.name()});
                }
            }
        }
        bound = next;
        boundVersion = version;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
