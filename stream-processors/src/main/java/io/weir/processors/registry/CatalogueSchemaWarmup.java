package io.weir.processors.registry;

import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.serde.SchemaWarmup;
import java.time.Duration;
import java.util.TreeMap;
import java.util.Map;
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
        Map<String, String> refused = new TreeMap<>();
        try {
            Duration took = SchemaWarmup.resolveAll(registryUrl, naming, Topics.ALL, refused);
            LOG.infof("resolved the schemas of %d catalogue topics in %d ms", Topics.ALL.size() - refused.size(), took.toMillis());
        } catch (RuntimeException e) { // unavailable, or anything else: a warm-up never stops the start
            LOG.warnf("schemas not resolved at start, they will be on first use: %s", e.getMessage());
        }
        if (!refused.isEmpty()) {
            LOG.warnf("the registry refused the schemas of %s; they will be resolved on first use", refused);
        }
    }
}
