package io.weir.cdc.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.cdc.change.TableId;
import io.weir.schema.cdc.ChangeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The AsyncAPI 3.0 document of one captured table: a Kafka server, one channel at the table's
 * topic (bound to it with the Kafka binding), a {@code send} operation (the source sends, so API
 * consumers subscribe), and the message: string key (the row key) and the Avro change record as
 * payload ({@code schemaFormat: application/vnd.apache.avro;version=1.9.0}), exactly the schema
 * registered for the topic. {@code info.version} is the registry version of that schema.
 */
public final class TableAsyncApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableAsyncApi() {
    }

    public static String document(TableId table, String topic, Schema payload, String schemaVersion, String kafkaServer) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", table.catalogName());
        info.put("version", schemaVersion);
        info.put("description", description(table));
        doc.put("defaultContentType", "application/octet-stream");
        ObjectNode server = doc.putObject("servers").putObject("kafka");
        server.put("host", kafkaServer);
        server.put("protocol", "kafka");
        server.put("description", "The Kafka cluster of the Weir installation; values are framed by Apicurio Registry's"
                + " Avro serde (artifact " + topic + "-value).");
        ObjectNode channel = doc.putObject("channels").putObject("changes");
        channel.put("address", topic);
        channel.put("description", "One message per row change, keyed by " + ChangeRecord.rowKeyDoc() + ".");
        channel.putObject("messages").putObject("change").put("$ref", "#/components/messages/change");
        ObjectNode binding = channel.putObject("bindings").putObject("kafka");
        binding.put("topic", topic);
        binding.put("bindingVersion", "0.5.0");
        ObjectNode operation = doc.putObject("operations").putObject("sendChanges");
        operation.put("action", "send");
        operation.put("summary", "The source sends each committed row change.");
        operation.putObject("channel").put("$ref", "#/channels/changes");
        operation.putArray("messages").addObject().put("$ref", "#/channels/changes/messages/change");
        ObjectNode message = doc.putObject("components").putObject("messages").putObject("change");
        message.put("name", "change");
        message.put("title", "Row change");
        message.put("contentType", "application/octet-stream");
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        ObjectNode keySchema = key.putObject("key");
        keySchema.put("type", "string");
        keySchema.put("description", ChangeRecord.rowKeyDoc());
        key.put("bindingVersion", "0.5.0");
        ObjectNode schema = message.putObject("payload");
        schema.put("schemaFormat", "application/vnd.apache.avro;version=1.9.0");
        try {
            schema.set("schema", JSON.readTree(payload.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return doc.toPrettyString();
    }

    public static String description(TableId table) {
        return "Row changes of table " + table.schema() + "." + table.table() + " captured by CDC source "
                + table.source() + " (INSERT, UPDATE, DELETE and SNAPSHOT rows, with before/after, LSN and transaction id).";
    }
}
