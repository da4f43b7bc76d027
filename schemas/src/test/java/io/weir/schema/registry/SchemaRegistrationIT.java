package io.weir.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schemas in the real Apicurio Registry, under BACKWARD compatibility. */
@ExtendWith(ApicurioRegistryExtension.class)
class SchemaRegistrationIT {

    private SchemaRegistration registration;
    private TopicNaming naming;

    @BeforeEach
    void connect(ApicurioRegistry registry) {
        registration = new SchemaRegistration(registry.url());
        naming = TopicNaming.withPrefix("it" + UUID.randomUUID().toString().substring(0, 8) + ".");
    }

    @Test
    void registersEveryValueSchemaWithBackwardCompatibility() {
        List<SchemaRegistration.Registered> registered = registration.registerAll(naming, Topics.ALL);

        assertThat(registered).hasSize(Topics.ALL.size());
        for (TopicSpec<?> topic : Topics.ALL) {
            String artifactId = SchemaRegistration.valueArtifactId(naming, topic);
            assertThat(registration.compatibilityRule(artifactId)).as(artifactId).isEqualTo("BACKWARD");
            assertThat(new Schema.Parser().parse(registration.latestSchema(artifactId)))
                    .as(artifactId).isEqualTo(SchemaRegistration.schemaOf(topic));
        }
    }

    @Test
    void registeringAgainFindsTheSameVersions() {
        List<SchemaRegistration.Registered> first = registration.registerAll(naming, Topics.ALL);
        List<SchemaRegistration.Registered> second = registration.registerAll(naming, Topics.ALL);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void theRegistryRefusesAnIncompatibleChangeAndKeepsTheOldSchema() {
        String artifactId = SchemaRegistration.valueArtifactId(naming, Topics.COMMANDS);
        registration.register(artifactId, CommandEnvelope.getClassSchema());

        // a new required field without a default: readers on the new schema cannot read old commands
        Schema incompatible = withExtraField(CommandEnvelope.getClassSchema(),
                new Schema.Field("tenant", Schema.create(Schema.Type.STRING), "tenant", (Object) null));

        assertThatThrownBy(() -> registration.register(artifactId, incompatible))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining(artifactId);
        assertThat(new Schema.Parser().parse(registration.latestSchema(artifactId)))
                .isEqualTo(CommandEnvelope.getClassSchema());
    }

    @Test
    void aCompatibleChangeBecomesANewVersion() {
        String artifactId = SchemaRegistration.valueArtifactId(naming, Topics.COMMANDS);
        SchemaRegistration.Registered first = registration.register(artifactId, CommandEnvelope.getClassSchema());

        Schema optionalField = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
        Schema compatible = withExtraField(CommandEnvelope.getClassSchema(),
                new Schema.Field("tenant", optionalField, "tenant", Schema.Field.NULL_DEFAULT_VALUE));
        SchemaRegistration.Registered second = registration.register(artifactId, compatible);

        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(new Schema.Parser().parse(registration.latestSchema(artifactId)).getField("tenant")).isNotNull();
    }

    private static Schema withExtraField(Schema base, Schema.Field extra) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
