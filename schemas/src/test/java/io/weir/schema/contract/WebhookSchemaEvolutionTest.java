package io.weir.schema.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.GatewayWebhookSubscription;
import io.weir.schema.view.WebhookRequestView;
import io.weir.schema.view.WebhookSubscriptionView;
import io.weir.schema.webhook.DeliveryOutcome;
import io.weir.schema.webhook.RequestWebhookSubscription;
import io.weir.schema.webhook.WebhookDelivery;
import io.weir.schema.webhook.WebhookSubscriptionRequested;
import io.weir.schema.webhook.WebhookSubscriptionStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook records that gained the subscriber's throttling fields (API subscription, tiers, key
 * type) and the THROTTLED delivery outcome stay BACKWARD compatible with the versions already on
 * the log (kept in {@code src/test/resources/previous/}): the new classes read every old record,
 * with the new fields null.
 */
class WebhookSchemaEvolutionTest {

    /** Old schema file → the class that now reads its records; in dependency order (named types first). */
    private static final List<Map.Entry<String, Schema>> CHANGED = List.of(
            Map.entry("DeliveryOutcome", DeliveryOutcome.getClassSchema()),
            Map.entry("WebhookDelivery", WebhookDelivery.getClassSchema()),
            Map.entry("RequestWebhookSubscription", RequestWebhookSubscription.getClassSchema()),
            Map.entry("WebhookSubscriptionRequested", WebhookSubscriptionRequested.getClassSchema()),
            Map.entry("WebhookRequestView", WebhookRequestView.getClassSchema()),
            Map.entry("WebhookSubscriptionView", WebhookSubscriptionView.getClassSchema()),
            Map.entry("GatewayWebhookSubscription", GatewayWebhookSubscription.getClassSchema()));

    private static final Map<String, Schema> previous = new LinkedHashMap<>();

    @BeforeAll
    static void readPreviousVersions() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(List.of(WebhookSubscriptionStatus.getClassSchema())); // unchanged, referenced by the view
        for (Map.Entry<String, Schema> changed : CHANGED) {
            try (InputStream in = WebhookSchemaEvolutionTest.class.getResourceAsStream("/previous/" + changed.getKey() + ".avsc")) {
                assertThat(in).as("previous version of %s", changed.getKey()).isNotNull();
                previous.put(changed.getKey(), parser.parse(in));
            }
        }
    }

    @Test
    void everyChangedSchemaReadsItsPreviousVersion() {
        CHANGED.forEach(changed -> assertThat(SchemaCompatibility.checkReaderWriterCompatibility(changed.getValue(),
                        previous.get(changed.getKey())).getType())
                .as("%s (new) reads %s (previous)", changed.getValue().getFullName(), changed.getKey())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE));
    }

    @Test
    void aSubscriptionWrittenBeforeTheThrottlingFieldsReadsWithThemNull() throws IOException {
        Schema old = previous.get("GatewayWebhookSubscription");
        GenericRecord record = new GenericData.Record(old);
        record.put("subscriptionId", "ws-1");
        record.put("environment", "production");
        record.put("apiId", "api-1");
        record.put("organization", "acme");
        record.put("topic", "orders");
        record.put("callbackUrl", "https://subscriber.example/hook");
        record.put("applicationId", "app-1");
        record.put("verifiedAt", Instant.parse("2026-11-27T10:00:00Z").toEpochMilli());
        record.put("leaseExpiresAt", Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
        record.put("version", 2L);

        GatewayWebhookSubscription read = new SpecificDatumReader<GatewayWebhookSubscription>(old,
                GatewayWebhookSubscription.getClassSchema()).read(null, DecoderFactory.get().binaryDecoder(bytes(old, record), null));

        assertThat(read.getApplicationId()).isEqualTo("app-1");
        assertThat(read.getCallbackUrl()).isEqualTo("https://subscriber.example/hook");
        assertThat(read.getVersion()).isEqualTo(2L);
        assertThat(read.getApiSubscriptionId()).isNull();
        assertThat(read.getSubscriptionTier()).isNull();
        assertThat(read.getApplicationTier()).isNull();
        assertThat(read.getKeyType()).isNull();
    }

    @Test
    void aGatewayThatDoesNotKnowThrottledReadsItAsUnspecified() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous.get("DeliveryOutcome"),
                DeliveryOutcome.getClassSchema()).getType())
                .as("an older reader falls back to the enum default for THROTTLED")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static byte[] bytes(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
