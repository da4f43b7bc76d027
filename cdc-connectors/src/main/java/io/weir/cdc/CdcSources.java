package io.weir.cdc;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.cdc.config.CdcConfig;
import io.weir.cdc.engine.ChangeCapture;
import io.weir.cdc.engine.SourceEngine;
import io.weir.cdc.engine.SourceSettings;
import io.weir.schema.catalogue.TopicNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts every enabled source of {@code weir.cdc.sources} at startup and closes them at shutdown. */
@ApplicationScoped
public class CdcSources {

    private static final Logger LOG = Logger.getLogger(CdcSources.class);

    private final CdcConfig config;
    private final String bootstrapServers;
    private final String registryUrl;
    private final MeterRegistry meters;
    private final List<SourceEngine> engines = new ArrayList<>();
    private ChangeCapture capture;

    CdcSources(CdcConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
               @ConfigProperty(name = "apicurio.registry.url") String registryUrl, MeterRegistry meters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.meters = meters;
    }

    synchronized void start(@Observes StartupEvent started) {
        Map<String, CdcConfig.Source> sources = new TreeMap<>(config.sources());
        if (sources.values().stream().noneMatch(CdcConfig.Source::enabled)) {
            LOG.info("no CDC source is configured (weir.cdc.sources.<name>.*)");
            return;
        }
        capture = new ChangeCapture(TopicNaming.withPrefix(config.topicPrefix()), bootstrapServers, registryUrl,
                config.registerInCatalog() ? Optional.of(config.organization()) : Optional.empty(),
                config.catalogKafkaServer().orElse(bootstrapServers.split(",")[0].trim()), meters);
        sources.forEach((name, source) -> {
            if (!source.enabled()) {
                LOG.infof("CDC source %s is disabled", name);
                return;
            }
            SourceEngine engine = capture.engine(SourceSettings.of(name, source, config, bootstrapServers));
            engines.add(engine);
            engine.start();
        });
    }

    synchronized void stop(@Observes ShutdownEvent stopping) {
        engines.forEach(SourceEngine::close);
        engines.clear();
        if (capture != null) {
            capture.close();
        }
    }

    /** The sources and their status, by name. */
    public synchronized List<SourceEngine> engines() {
        return List.copyOf(engines);
    }
}
