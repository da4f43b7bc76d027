package io.weir.processors;

import io.weir.processors.catalog.CatalogFollowersTopology;
import io.weir.processors.command.CommandProcessorTopology;
import io.weir.processors.config.ProcessorsConfig;
import io.weir.processors.gateway.GatewayStateProjections;
import io.weir.processors.projection.ManagementViewsTopology;
import io.weir.processors.registry.CatalogueSchemaWarmup;
import io.weir.schema.catalogue.TopicNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Composes the processors' topologies into the main Kafka Streams application of this module (the one
 * Quarkus runs): commands, projections, catalog followers. The throttling processor and the analytics run
 * as applications of their own ({@link io.weir.processors.streams.CompanionApplications}).
 */
@ApplicationScoped
public class TopologyProducer {

    /**
     * Singleton: a dependent-scoped topology was built (and the schemas warmed) once per injection point -
     * twice at every start.
     */
    @Produces
    @Singleton
    public Topology topology(ProcessorsConfig config,
                             @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        TopicNaming naming = TopicNaming.withPrefix(config.topicPrefix());
        CatalogueSchemaWarmup.run(registryUrl, naming); // before any stream thread needs a schema
        ProcessorSerdes serdes = ProcessorSerdes.apicurio(registryUrl);
        StreamsBuilder builder = new StreamsBuilder();
        new CommandProcessorTopology(naming, serdes, config.maxRevisions()).build(builder);
        GatewayStateProjections.build(builder, new ManagementViewsTopology(naming, naming, serdes).build(builder),
                naming, serdes);
        new CatalogFollowersTopology(naming, serdes).build(builder);
        return builder.build();
    }
}
