package io.weir.harness.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.weir.harness.SharedComponents;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.postgres.PostgresServer;
import io.weir.harness.process.WorkDirs;
import io.weir.harness.registry.ApicurioRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Points a {@code @QuarkusTest} at the harness' shared broker (and, on request, registry and database),
 * which outlive Quarkus restarts between test profiles and stop when the test JVM exits.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = WeirTestResource.class, initArgs = @ResourceArg(name = "registry", value = "true"))
 * class OrderTopologyIT { ... }
 * }</pre>
 *
 * <p>Init args: {@value #REGISTRY} = "true" adds the Apicurio Registry, {@value #POSTGRES} = "true" adds
 * PostgreSQL. To create topics (or add config) before Quarkus starts, override
 * {@link #beforeQuarkusStarts(WeirTestContext)} in a subclass or register a {@link WeirTestResourceCustomizer}
 * in {@code META-INF/services}.
 */
public class WeirTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String REGISTRY = "registry";
    public static final String POSTGRES = "postgres";

    private Map<String, String> initArgs = Map.of();
    private Path streamsStateDir;

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = SharedComponents.kafka();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("quarkus.apicurio-registry.devservices.enabled", "false");
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers());
        // never reuse a Streams state dir across brokers (TaskCorruptedException): a fresh one per start
        streamsStateDir = WorkDirs.createTemp("weir-streams-state-");
        config.put("kafka-streams.state.dir", streamsStateDir.toString());

        Optional<String> registryUrl = Optional.empty();
        if (enabled(REGISTRY)) {
            ApicurioRegistry registry = SharedComponents.registry();
            registryUrl = Optional.of(registry.url());
            config.put("apicurio.registry.url", registry.url());
            config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.url());
        }
        Optional<PostgresServer> postgres = Optional.empty();
        if (enabled(POSTGRES)) {
            PostgresServer server = SharedComponents.postgres();
            postgres = Optional.of(server);
            config.put("weir.harness.postgres.jdbc-url", server.jdbcUrl());
            config.put("weir.harness.postgres.host", server.host());
            config.put("weir.harness.postgres.port", String.valueOf(server.port()));
            config.put("weir.harness.postgres.user", server.user());
        }

        WeirTestContext context = new WeirTestContext(kafka.bootstrapServers(), registryUrl,
                postgres.map(PostgresServer::jdbcUrl), initArgs, config);
        beforeQuarkusStarts(context);
        ServiceLoader.load(WeirTestResourceCustomizer.class, getClass().getClassLoader())
                .forEach(customizer -> customizer.beforeQuarkusStarts(context));
        return config;
    }

    /** Hook for subclasses: runs after the components are up, before Quarkus starts. */
    protected void beforeQuarkusStarts(WeirTestContext context) {
    }

    @Override
    public void stop() {
        // the shared components stop at JVM exit, and so does this start's Streams state: Quarkus closes the
        // test resources before it stops the app, which may still be writing it (see StreamsStateDirs)
        if (streamsStateDir != null) {
            StreamsStateDirs.deleteAtExit(streamsStateDir);
            streamsStateDir = null;
        }
    }

    private boolean enabled(String arg) {
        return Boolean.parseBoolean(initArgs.getOrDefault(arg, "false"));
    }
}
