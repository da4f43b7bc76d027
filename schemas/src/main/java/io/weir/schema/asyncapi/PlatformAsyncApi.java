package io.weir.schema.asyncapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.registry.SchemaRegistration;
import java.util.Collection;

/**
 * Describes Weir's own topics as an AsyncAPI 3.0 document, generated from the topic catalogue and
 * the Avro schemas, so that anyone producing commands or consuming events with a plain Kafka client
 * knows the contract: channel address, key, Avro payload, partitions and retention.
 *
 * <p>Operations are written from the platform's point of view: it receives on {@code commands} and
 * sends on every other topic.
 */
public final class PlatformAsyncApi {

    static final String ASYNCAPI_VERSION = "3.0.0";
    static final String AVRO_SCHEMA_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";
    static final String KAFKA_BINDING_VERSION = "0.5.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final TopicNaming naming;
    private final String bootstrapServers;
    private final String version;

    public PlatformAsyncApi(TopicNaming naming, String bootstrapServers, String version) {
        this.naming = naming;
        this.bootstrapServers = bootstrapServers;
        this.version = version;
    }

    public ObjectNode document() {
        return document(Topics.ALL);
    }

    public ObjectNode document(Collection<TopicSpec<?>> topics) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.put("id", "urn:io:weir:platform");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Weir platform topics");
        info.put("version", version);
        info.put("description", "The Kafka topics Weir is built on. Commands go in on `" + naming.name(Topics.COMMANDS)
                + "`; everything else is an event log or a projection derived from it. Keys are strings; values are"
                + " Avro, registered in Apicurio Registry as `<topic>-value` with BACKWARD compatibility.");
        doc.put("defaultContentType", "avro/binary");
        ObjectNode server = doc.putObject("servers").putObject("kafka");
        server.put("host", bootstrapServers);
        server.put("protocol", "kafka");
        server.put("description", "Kafka bootstrap servers");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        for (TopicSpec<?> topic : topics) {
            String channelId = channelId(topic);
            String messageName = topic.valueType().getSimpleName();
            channels.set(channelId, channel(topic, messageName));
            operations.set(operationId(topic), operation(topic, channelId, messageName));
            if (!messages.has(messageName)) {
                messages.set(messageName, message(topic, messageName));
            }
        }
        return doc;
    }

    public String yaml() {
        try {
            return YAML.writeValueAsString(document());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the AsyncAPI document", e);
        }
    }

    /** Prints the document for the default prefix: {@code java ... PlatformAsyncApi [bootstrap]}. */
    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        System.out.print(new PlatformAsyncApi(TopicNaming.defaults(), bootstrap, "1.0.0").yaml());
    }

    static String channelId(TopicSpec<?> topic) {
        return camel(topic.baseName());
    }

    private static String operationId(TopicSpec<?> topic) {
        return (topic == Topics.COMMANDS ? "receive" : "send") + Character.toUpperCase(channelId(topic).charAt(0))
                + channelId(topic).substring(1);
    }

    private ObjectNode channel(TopicSpec<?> topic, String messageName) {
        ObjectNode channel = JSON.createObjectNode();
        channel.put("address", naming.name(topic));
        channel.put("title", naming.name(topic));
        channel.put("description", topic.description() + " Key: " + topic.keyDoc() + ". Written by: "
                + topic.writtenBy() + ".");
        channel.putObject("messages").putObject(messageName).put("$ref", "#/components/messages/" + messageName);
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", naming.name(topic));
        kafka.put("partitions", topic.partitions());
        ObjectNode config = kafka.putObject("topicConfiguration");
        config.putArray("cleanup.policy").add(topic.cleanup().policy());
        config.put("retention.ms", topic.retentionMs());
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return channel;
    }

    private static ObjectNode operation(TopicSpec<?> topic, String channelId, String messageName) {
        ObjectNode operation = JSON.createObjectNode();
        operation.put("action", topic == Topics.COMMANDS ? "receive" : "send");
        operation.putObject("channel").put("$ref", "#/channels/" + channelId);
        operation.put("summary", topic == Topics.COMMANDS
                ? "Weir takes commands from any producer with the ACL (REST, CLI, GitOps)."
                : "Weir writes " + topic.description().toLowerCase().replaceAll("\\.$", "") + ".");
        ArrayNode refs = operation.putArray("messages");
        refs.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + messageName);
        return operation;
    }

    private static ObjectNode message(TopicSpec<?> topic, String messageName) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", messageName);
        message.put("contentType", "avro/binary");
        message.put("summary", SchemaRegistration.schemaOf(topic).getDoc());
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", AVRO_SCHEMA_FORMAT);
        try {
            payload.set("schema", JSON.readTree(SchemaRegistration.schemaOf(topic).toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro schema of " + messageName + " is not JSON", e);
        }
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        ObjectNode key = kafka.putObject("key");
        key.put("type", "string");
        key.put("description", topic.keyDoc());
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return message;
    }

    private static String camel(String dotted) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : dotted.toCharArray()) {
            if (c == '.' || c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
