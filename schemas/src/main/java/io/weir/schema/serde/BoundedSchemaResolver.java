package io.weir.schema.serde;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.SchemaParser;
import java.util.Map;

/**
 * Apicurio's schema resolver, talking to the registry through the process' {@link BoundedRegistryClient}
 * instead of a client of its own without time limits. Set for every Weir serde by
 * {@link AvroSerdes#registryConfig} ({@code apicurio.registry.schema-resolver}).
 */
public class BoundedSchemaResolver<S, T> extends DefaultSchemaResolver<S, T> {

    @Override
    public void configure(Map<String, ?> configs, SchemaParser<S, T> schemaParser) {
        if (clientFacade == null) {
            setClientFacade(RegistryConnections.client(configs));
        }
        super.configure(configs, schemaParser);
    }
}
