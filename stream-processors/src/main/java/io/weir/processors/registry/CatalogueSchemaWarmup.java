package io.weir.processors.registry;

import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.serde.RegistryUnavailableException;
import io.weir.schema.serde.SchemaWarmup;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Resolves every catalogue topic's schema before the topologies start, so that the first record of a
 * type (the first catalog event, the first command of a kind) costs its stream thread no registry
 * round trip. An unreachable registry does not stop the start: the lookups then happen on first use,
 * bounded, and a thread that runs out of attempts is replaced ({@link StreamThreadReplacement}).
 */
public final class CatalogueSchemaWarmup {

    private static final Logger LOG = Logger.getLogger(CatalogueSchemaWarmup.class);

    private CatalogueSchemaWarmup() {
    }

    public static void run(String registryUrl, TopicNaming naming) {
        try {
            Duration took = SchemaWarmup.resolveAll(registryUrl, naming, Topics.ALL);
            LOG.infof("resolved the schemas of %d catalogue topics in %d ms", Topics.ALL.size(), took.toMillis());
        } catch (RegistryUnavailableException e) {
            LOG.warnf("schemas not resolved at start, they will be on first use: %s", e.getMessage());
        }
    }
}
