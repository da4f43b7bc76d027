package io.weir.harness.quarkus;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** What a {@link WeirTestResourceCustomizer} sees: the running components and the config Quarkus will get. */
public final class WeirTestContext {

    private final String bootstrapServers;
    private final Optional<String> registryUrl;
    private final Optional<String> postgresJdbcUrl;
    private final Map<String, String> initArgs;
    private final Map<String, String> config;

    WeirTestContext(String bootstrapServers, Optional<String> registryUrl, Optional<String> postgresJdbcUrl,
                    Map<String, String> initArgs, Map<String, String> config) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.postgresJdbcUrl = postgresJdbcUrl;
        this.initArgs = initArgs;
        this.config = config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Present when the resource was started with {@code registry=true}. */
    public Optional<String> registryUrl() {
        return registryUrl;
    }

    /** Present when the resource was started with {@code postgres=true}. */
    public Optional<String> postgresJdbcUrl() {
        return postgresJdbcUrl;
    }

    /** The resource's init args ({@code @ResourceArg}s). */
    public Map<String, String> initArgs() {
        return initArgs;
    }

    /** The config Quarkus will get; put more entries to add or override. */
    public Map<String, String> config() {
        return config;
    }

    /**
     * Creates the topics that do not exist yet (the broker is shared by every Quarkus restart in the JVM,
     * so "already exists" is expected) and waits for the creation.
     */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic creation did not finish within 30 s", e);
        }
    }
}
