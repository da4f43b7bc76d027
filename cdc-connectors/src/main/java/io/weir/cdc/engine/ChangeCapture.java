package io.weir.cdc.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.weir.cdc.catalog.CatalogRegistrar;
import io.weir.cdc.change.ChangeConverter;
import io.weir.cdc.change.TopicSchemas;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.registry.SchemaRegistration;
import io.weir.schema.serde.AvroSerdes;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What every source shares: the producer of change records (Avro through the registry), the schema
 * registration, and the catalog registrar with its producer of commands. Builds the
 * {@link SourceEngine} of each source; closing it closes the producers (close the engines first).
 */
public final class ChangeCapture implements AutoCloseable {

    private final TopicNaming naming;
    private final KafkaProducer<String, GenericRecord> changes;
    private final KafkaProducer<String, CommandEnvelope> commands;
    private final SchemaRegistration registry;
    private final Optional<CatalogRegistrar> catalog;
    private final MeterRegistry meters;

    /**
     * @param catalogOrganization the organization to register tables in, or empty to not register them
     * @param kafkaServer         the Kafka address the generated AsyncAPI documents name
     */
    public ChangeCapture(TopicNaming naming, String bootstrapServers, String registryUrl,
                         Optional<String> catalogOrganization, String kafkaServer, MeterRegistry meters) {
        this.naming = naming;
        this.meters = meters;
        Map<String, Object> config = AvroSerdes.producerConfig(bootstrapServers, registryUrl);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "weir-cdc-changes");
        // register (find) the whole schema, as TopicSchemas did, not one artifact per nested record with
        // references: a referencing version would be the latest, and the next compatibility check of
        // a changed table could not parse it ("Undefined schema")
        config.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
        this.changes = new KafkaProducer<>(config);
        this.registry = new SchemaRegistration(registryUrl);
        if (catalogOrganization.isPresent()) {
            Map<String, Object> commandConfig = AvroSerdes.producerConfig(bootstrapServers, registryUrl);
            commandConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "weir-cdc-catalog");
            this.commands = new KafkaProducer<>(commandConfig);
            this.catalog = Optional.of(new CatalogRegistrar(commands, naming, catalogOrganization.get(), kafkaServer));
        } else {
            this.commands = null;
            this.catalog = Optional.empty();
        }
    }

    /** A new, not yet started engine for {@code source}. */
    public SourceEngine engine(SourceSettings source) {
        if (!SourceSettings.NAME.matcher(source.name()).matches()) {
            throw new IllegalArgumentException("CDC source name '" + source.name() + "' must match "
                    + SourceSettings.NAME.pattern() + " (it names topics and the replication slot)");
        }
        TopicSchemas schemas = new TopicSchemas(registry, (table, topic, schema, version) ->
                catalog.ifPresent(registrar -> registrar.tableSchema(table, topic, schema, version)));
        SourceMetrics metrics = new SourceMetrics(meters, source.name());
        ChangeWriter writer = new ChangeWriter(new ChangeConverter(naming, source.name()), schemas, changes, metrics);
        return new SourceEngine(source, writer, metrics);
    }

    @Override
    public void close() {
        changes.close();
        if (commands != null) {
            commands.close();
        }
    }
}
