package io.weir.e2e;

import io.weir.harness.app.QuarkusApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A packaged edge node of one environment, started against the platform's broker and registry. */
public final class GatewayNode {

    private GatewayNode() {
    }

    public static QuarkusApp start(Platform platform, String environment, String nodeId) {
        return start(platform, environment, nodeId, 0, Map.of());
    }

    /**
     * @param port     HTTP port, 0 for a free one (a node restarted on its predecessor's port lets
     *                 clients reconnect as they would behind a load balancer)
     * @param settings further system properties (e.g. {@code weir.gateway.webhook.*})
     */
    public static QuarkusApp start(Platform platform, String environment, String nodeId, int port,
                                   Map<String, String> settings) {
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        QuarkusApp.Builder builder = QuarkusApp.builder("data-plane-" + nodeId,
                        repo.resolve("data-plane/target/quarkus-app/quarkus-run.jar"))
                .port(port)
                .systemProperty("kafka.bootstrap.servers", platform.bootstrapServers)
                .systemProperty("apicurio.registry.url", platform.registryUrl)
                .systemProperty("weir.gateway.environment", environment)
                .systemProperty("weir.gateway.node-id", nodeId)
                .systemProperty("weir.gateway.jwks-url", platform.url() + "/oauth2/jwks");
        settings.forEach(builder::systemProperty);
        QuarkusApp node = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop));
        return node.awaitReady(Duration.ofSeconds(120));
    }
}
