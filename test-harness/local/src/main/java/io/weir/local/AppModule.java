package io.weir.local;

import java.nio.file.Path;
import java.util.List;

/** The Quarkus apps {@code ./weir up} starts, with their default ports (see each app's application.properties). */
record AppModule(String name, String folder, int port) {

    static final List<AppModule> ALL = List.of(
            new AppModule("stream-processors", "stream-processors", 8082),
            new AppModule("control-plane", "control-plane", 8080),
            new AppModule("data-plane", "data-plane", 8000),
            new AppModule("cdc-connectors", "cdc-connectors", 8083));

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
