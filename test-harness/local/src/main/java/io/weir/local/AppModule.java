package io.weir.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The Quarkus apps {@code ./weir up} starts, with their default ports (see each app's
 * application.properties) and heaps. The processors' analytics remember every invocation id for
 * {@code dedupe-retention} (1 h) at about 40 bytes each (docs/analytics.md): 1 GiB holds about an hour
 * of 6,000 calls/s.
 */
record AppModule(String name, String folder, int port, String heap) {

    static final List<AppModule> ALL = List.of(
            new AppModule("stream-processors", "stream-processors", 8082, "1g"),
            new AppModule("control-plane", "control-plane", 8080, "256m"),
            new AppModule("data-plane", "data-plane", 8000, "256m"),
            new AppModule("cdc-connectors", "cdc-connectors", 8083, "256m"));

    Path runJar(Path repoRoot) {
        return repoRoot.resolve(folder).resolve("target/quarkus-app/quarkus-run.jar");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String healthUrl() {
        return url() + "/q/health/ready";
    }
}
