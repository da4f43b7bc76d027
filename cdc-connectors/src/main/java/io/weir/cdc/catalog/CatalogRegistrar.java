package io.weir.cdc.catalog;

import io.weir.cdc.change.TableId;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Registers each captured table in the Service Catalog, like any producer with the ACL on
 * weir.commands (DESIGN.md): a CDC_STREAM service named {@code <source>.<schema>.<table>} whose
 * AsyncAPI document describes the topic and its Avro payload.
 *
 * <p>The connector does not read the catalog, so it does not know whether the service exists: the
 * first time a table is seen in this process it sends RegisterCatalogService and then
 * UpdateCatalogService with the same spec — one of them is accepted (a new service, or a new version
 * after the table changed while the connector was down), the other is refused harmlessly
 * (ALREADY_EXISTS, or "nothing changed"). Each later schema version sends an update. Command ids
 * are derived from the service and the schema version, so a re-send is an idempotent retry.
 */
public final class CatalogRegistrar {

    private final Producer<String, CommandEnvelope> producer;
    private final TopicNaming naming;
    private final String organization;
    private final String kafkaServer;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public CatalogRegistrar(Producer<String, CommandEnvelope> producer, TopicNaming naming, String organization,
                            String kafkaServer) {
        this.producer = producer;
        this.naming = naming;
        this.organization = organization;
        this.kafkaServer = kafkaServer;
    }

    /** A table's change schema has (at least) this registry version: make the catalog say so. */
    public void tableSchema(TableId table, String topic, Schema payload, String schemaVersion) {
        String name = table.catalogName();
        String serviceId = CatalogServiceIds.of(organization, name);
        CatalogServiceSpec spec = CatalogServiceSpec.newBuilder()
                .setVersion(schemaVersion)
                .setKind(CatalogServiceKind.CDC_STREAM)
                .setDescription(TableAsyncApi.description(table))
                .setDefinition(new ApiDefinition(DefinitionFormat.ASYNCAPI_3_0,
                        TableAsyncApi.document(table, topic, payload, schemaVersion, kafkaServer), "application/json"))
                .setEndpoint(null)
                .setKafkaTopic(topic)
                .setTags(List.of("cdc", table.source()))
                .setSource("cdc:" + table.source())
                .build();
        if (registered.add(serviceId)) {
            send(serviceId, "register/" + schemaVersion, table, new RegisterCatalogService(name, spec));
        }
        send(serviceId, "update/" + schemaVersion, table, new UpdateCatalogService(spec));
    }

    private void send(String serviceId, String what, TableId table, Object payload) {
        String commandId = UUID.nameUUIDFromBytes(("cdc/" + serviceId + "/" + what).getBytes(StandardCharsets.UTF_8))
                .toString();
        CommandEnvelope command = CommandEnvelope.newBuilder()
                .setCommandId(commandId)
                .setAggregateType(AggregateType.CATALOG_SERVICE)
                .setAggregateId(serviceId)
                .setExpectedVersion(null)
                .setIssuedAt(Instant.now())
                .setActor("cdc:" + table.source())
                .setOrganization(organization)
                .setCorrelationId(commandId)
                .setPayload(payload)
                .build();
        try {
            producer.send(new ProducerRecord<>(naming.name(Topics.COMMANDS), serviceId, command)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering " + table.catalogName() + " in the catalog", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not register " + table.catalogName() + " in the catalog: " + e, e);
        }
    }
}
