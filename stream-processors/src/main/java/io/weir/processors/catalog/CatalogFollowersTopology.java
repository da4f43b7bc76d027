package io.weir.processors.catalog;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.command.CommandProcessorTopology;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.TopicSpec;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.view.CatalogServiceView;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * APIs that follow a catalog service (WSO2's "service-backed API"): when the service gets a new
 * version, each API built from it gets a new working copy prepared from the service — a
 * {@code RefreshApiServiceDefinition} command on weir.commands, decided by the API aggregate into
 * {@code ApiServiceDefinitionChanged} and {@code ApiView.pendingServiceVersion} (the publisher is
 * told; nothing is revised or deployed).
 *
 * <pre>
 * view.catalog-services ─► [catalog-followers] ─► commands
 *                               │ reads
 *                         global-api-views (the command processor's global table of view.apis)
 * </pre>
 *
 * It reads the catalog <em>view</em>, not the catalog log, because the management projections
 * already own the log as a source in this application; a view record is written exactly when a
 * service is registered, updated or removed. Must be composed with {@link CommandProcessorTopology},
 * whose global API store it scans (a catalog update is rare; the scan is over the APIs this
 * instance holds, every API).
 */
public final class CatalogFollowersTopology {

    private final TopicNaming naming;
    private final ProcessorSerdes serdes;

    public CatalogFollowersTopology(TopicNaming naming, ProcessorSerdes serdes) {
        this.naming = naming;
        this.serdes = serdes;
    }

    /** The topics this topology reads; they must exist before it starts. */
    public static List<TopicSpec<?>> sourceTopics() {
        return List.of(Topics.VIEW_CATALOG_SERVICES, Topics.VIEW_APIS);
    }

    public void build(StreamsBuilder builder) {
        builder.stream(naming.name(Topics.VIEW_CATALOG_SERVICES),
                        Consumed.with(Serdes.String(), serdes.of(CatalogServiceView.class)).withName("catalog-services-to-follow"))
                .process(() -> new CatalogFollower(CommandProcessorTopology.API_VIEWS_STORE), Named.as("catalog-followers"))
                .to(naming.name(Topics.COMMANDS),
                        Produced.with(Serdes.String(), serdes.of(CommandEnvelope.class)).withName("follower-commands"));
    }
}
