package io.weir.e2e.bench.floor;

import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.Ports;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * One reference proxy of the gateway benchmark ({@link VertxProxyFloor}, {@link HybridProxyFloor},
 * {@link NettyProxyFloor}) in its
 * own JVM with the edge node's JVM settings (256 MB heap, serial GC), optionally pinned with taskset.
 */
public final class ProxyFloor implements AutoCloseable {

    /** The reference proxies, by the name the benchmark prints. */
    public enum Kind {
        VERTX("vert.x core proxy (floor)", VertxProxyFloor.class),
        HYBRID("vert.x server + netty client (floor)", HybridProxyFloor.class),
        NETTY("netty proxy (floor)", NettyProxyFloor.class);

        private final String label;
        private final Class<?> main;

        Kind(String label, Class<?> main) {
            this.label = label;
            this.main = main;
        }

        public String label() {
            return label;
        }
    }

    private final ChildProcess process;
    private final int port;

    private ProxyFloor(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ProxyFloor start(Kind kind, int backendPort, String cpus) throws IOException {
        int port = Ports.freePort();
        Path dir = WorkDirs.createTemp("weir-bench-floor-");
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), kind.main.getName(),
                Integer.toString(port), Integer.toString(backendPort)));
        ChildProcess process = ChildProcess.start(kind.name().toLowerCase() + "-floor", command, dir,
                dir.resolve("floor.log"), java.util.Map.of());
        ProxyFloor floor = new ProxyFloor(process, port);
        Awaitility.await().alias(kind.label() + " listens on " + port).atMost(Duration.ofSeconds(30))
                .until(() -> {
                    process.requireAlive();
                    return !Ports.isFree(port);
                });
        return floor;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
