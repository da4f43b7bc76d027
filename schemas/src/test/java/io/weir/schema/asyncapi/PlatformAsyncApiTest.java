package io.weir.schema.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class PlatformAsyncApiTest {

    private final TopicNaming naming = TopicNaming.withPrefix("acme.");
    private final PlatformAsyncApi asyncApi = new PlatformAsyncApi(naming, "broker:9092", "1.2.3");

    @Test
    void describesEveryCatalogueTopicAsAChannelWithItsAddressAndKafkaBinding() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(asyncApi.yaml());

        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("servers").path("kafka").path("host").asText()).isEqualTo("broker:9092");
        assertThat(doc.path("channels").size()).isEqualTo(Topics.ALL.size());
        for (TopicSpec<?> topic : Topics.ALL) {
            JsonNode channel = doc.path("channels").path(PlatformAsyncApi.channelId(topic));
            assertThat(channel.path("address").asText()).isEqualTo(naming.name(topic));
            JsonNode kafka = channel.path("bindings").path("kafka");
            assertThat(kafka.path("partitions").asInt()).isEqualTo(topic.partitions());
            assertThat(kafka.path("topicConfiguration").path("cleanup.policy").get(0).asText())
                    .isEqualTo(topic.cleanup().policy());
            assertThat(kafka.path("topicConfiguration").path("retention.ms").asLong()).isEqualTo(topic.retentionMs());
        }
    }

    @Test
    void everyMessagePayloadIsTheAvroSchemaOfTheTopicValue() throws Exception {
        JsonNode doc = asyncApi.document();
        for (TopicSpec<?> topic : Topics.ALL) {
            String channelId = PlatformAsyncApi.channelId(topic);
            JsonNode ref = doc.path("channels").path(channelId).path("messages").elements().next().path("$ref");
            String messageName = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
            JsonNode payload = doc.path("components").path("messages").path(messageName).path("payload");
            assertThat(payload.path("schemaFormat").asText()).startsWith("application/vnd.apache.avro+json");
            Schema parsed = new Schema.Parser().parse(payload.path("schema").toString());
            assertThat(parsed.getFullName()).isEqualTo(topic.valueType().getName());
        }
    }

    @Test
    void operationsPointAtExistingChannelsAndCommandsAreReceived() {
        JsonNode doc = asyncApi.document();
        doc.path("operations").forEach(operation -> {
            String channelRef = operation.path("channel").path("$ref").asText();
            assertThat(doc.path("channels").has(channelRef.substring("#/channels/".length()))).isTrue();
        });
        assertThat(doc.path("operations").path("receiveCommands").path("action").asText()).isEqualTo("receive");
        assertThat(doc.path("operations").path("sendApiEvents").path("action").asText()).isEqualTo("send");
    }
}
