package io.weir.e2e;

import io.weir.harness.app.QuarkusApp;
import java.nio.file.Path;
import java.time.Duration;

/** A packaged edge node of one environment, started against the platform's broker and registry. */
public final class GatewayNode {

    private GatewayNode() {
    }

    public static QuarkusApp start(Platform platform, String environment, String nodeId) {
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        QuarkusApp node = QuarkusApp.builder("data-plane-" + nodeId, repo.resolve("data-plane/target/quarkus-app/quarkus-run.jar"))
                .systemProperty("kafka.bootstrap.servers", platform.bootstrapServers)
                .systemProperty("apicurio.registry.url", platform.registryUrl)
                .systemProperty("weir.gateway.environment", environment)
                .systemProperty("weir.gateway.node-id", nodeId)
                .systemProperty("weir.gateway.jwks-url", platform.url() + "/oauth2/jwks")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop));
        return node.awaitReady(Duration.ofSeconds(120));
    }
}
