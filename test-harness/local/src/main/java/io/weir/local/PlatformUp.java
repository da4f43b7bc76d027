package io.weir.local;

import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.Ports;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.asyncapi.PlatformAsyncApi;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./weir up}: Kafka, the registry, topics and schemas, then every app that is built, each
 * waited on until ready. Components are started detached (no orphan guard) so they outlive this
 * command; their PIDs go to {@link LocalState} for {@code ./weir down}.
 */
final class PlatformUp {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int REGISTRY_PORT = 8085;
    static final int REGISTRY_MANAGEMENT_PORT = 9085;
    private static final Duration APP_READY_TIMEOUT = Duration.ofSeconds(180);

    private final LocalLayout layout;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PlatformUp(LocalLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /** Options of {@code up}: an existing Kafka and/or registry instead of starting our own. */
    record Options(Optional<String> kafka, Optional<String> registry) {
    }

    void run(Options options) {
        LocalState state = LocalState.load(layout.stateFile());
        List<LocalState.Entry> running = state.entries().stream()
                .filter(e -> state.ownedProcess(e, layout.home()).isPresent()).toList();
        if (!running.isEmpty()) {
            throw new LocalPlatformException("Weir is already running (" + running.size()
                    + " components); see ./weir status, or ./weir down first");
        }
        state.clear();
        List<AppModule> apps = AppModule.ALL.stream().filter(a -> Files.exists(a.runJar(layout.repoRoot()))).toList();
        checkPortsFree(options, apps);

        Progress progress = new Progress(out, 4 + apps.size());
        String bootstrap = startKafka(options, state, progress);
        String registryUrl = startRegistry(options, state, progress);
        bootstrapTopicsAndSchemas(bootstrap, registryUrl, progress);
        writeAsyncApi(bootstrap, progress);
        startApps(apps, bootstrap, registryUrl, state, progress);
        state.put("kafka.bootstrap.servers", bootstrap);
        state.put("apicurio.registry.url", registryUrl);
        printSummary(progress, state);
    }

    private void checkPortsFree(Options options, List<AppModule> apps) {
        List<String> taken = new ArrayList<>();
        if (options.kafka().isEmpty()) {
            portTaken(KAFKA_PORT, "Kafka", taken);
            portTaken(KAFKA_CONTROLLER_PORT, "the Kafka controller", taken);
        }
        if (options.registry().isEmpty()) {
            portTaken(REGISTRY_PORT, "Apicurio Registry", taken);
            portTaken(REGISTRY_MANAGEMENT_PORT, "Apicurio Registry's management port", taken);
        }
        apps.forEach(app -> portTaken(app.port(), app.name(), taken));
        if (!taken.isEmpty()) {
            throw new LocalPlatformException("ports already in use: " + String.join("; ", taken)
                    + ". Stop whatever holds them (ss -ltnp shows it), or use --kafka/--registry for an existing cluster.");
        }
    }

    private static void portTaken(int port, String by, List<String> taken) {
        if (!Ports.isFree(port)) {
            taken.add(port + " (needed by " + by + ")");
        }
    }

    private String startKafka(Options options, LocalState state, Progress progress) {
        if (options.kafka().isPresent()) {
            progress.step("Kafka: using " + options.kafka().get());
            try (Admin admin = admin(options.kafka().get())) {
                admin.describeCluster().clusterId().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new LocalPlatformException("cannot reach Kafka at " + options.kafka().get() + ": " + e.getMessage());
            }
            progress.done("reachable");
            state.put(new LocalState.Entry("kafka", -1, options.kafka().get(), ""));
            return options.kafka().get();
        }
        progress.step("Kafka (KRaft, single node) on localhost:" + KAFKA_PORT);
        KafkaBroker broker = KafkaBroker.builder()
                .port(KAFKA_PORT).controllerPort(KAFKA_CONTROLLER_PORT)
                .dataDir(layout.kafkaData()).logFile(layout.log("kafka"))
                .orphanGuard(false)
                .start();
        state.put(new LocalState.Entry("kafka", broker.pid(), broker.bootstrapServers(), ""));
        progress.done("ready");
        return broker.bootstrapServers();
    }

    private String startRegistry(Options options, LocalState state, Progress progress) {
        if (options.registry().isPresent()) {
            String url = options.registry().get();
            progress.step("Apicurio Registry: using " + url);
            if (!answers(url + "/system/info")) {
                throw new LocalPlatformException("no Apicurio Registry (core API v3) answers at " + url);
            }
            progress.done("reachable");
            state.put(new LocalState.Entry("registry", -1, url, ""));
            return url;
        }
        progress.step("Apicurio Registry on http://127.0.0.1:" + REGISTRY_PORT);
        ApicurioRegistry registry = ApicurioRegistry.builder()
                .port(REGISTRY_PORT).managementPort(REGISTRY_MANAGEMENT_PORT)
                .dataDir(layout.registryData()).logFile(layout.log("registry"))
                .orphanGuard(false)
                .start();
        state.put(new LocalState.Entry("registry", registry.pid(), registry.url(),
                "http://127.0.0.1:" + REGISTRY_MANAGEMENT_PORT + "/health/ready"));
        progress.done("ready");
        return registry.url();
    }

    private void bootstrapTopicsAndSchemas(String bootstrap, String registryUrl, Progress progress) {
        progress.step("topics and schemas");
        PlatformBootstrap.Outcome outcome = PlatformBootstrap.run(bootstrap, registryUrl, TopicNaming.defaults(), (short) 1);
        outcome.topics().partitionMismatches().forEach(m -> out.printf("%n      warning: %s", m));
        progress.done(outcome.topics().created().size() + " topics created, " + outcome.schemas().size()
                + " schemas registered (BACKWARD)");
    }

    private void writeAsyncApi(String bootstrap, Progress progress) {
        progress.step("AsyncAPI document of the platform topics");
        try {
            Files.writeString(layout.asyncApiDocument(),
                    new PlatformAsyncApi(TopicNaming.defaults(), bootstrap, "0.1.0").yaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.done("written to " + layout.repoRoot().relativize(layout.asyncApiDocument()));
    }

    private void startApps(List<AppModule> apps, String bootstrap, String registryUrl, LocalState state,
                           Progress progress) {
        for (AppModule app : apps) {
            ChildProcess process = ChildProcess.start(app.name(), appCommand(app, bootstrap, registryUrl),
                    layout.repoRoot().resolve(app.folder()), layout.log(app.name()), Map.of());
            state.put(new LocalState.Entry(app.name(), process.pid(), app.url(), app.healthUrl()));
        }
        // started together, waited on one by one: they boot in parallel on the two cores
        for (AppModule app : apps) {
            progress.step(app.name() + " on " + app.url());
            long deadline = System.nanoTime() + APP_READY_TIMEOUT.toNanos();
            while (!answers(app.healthUrl())) {
                LocalState.Entry entry = state.entries().stream().filter(e -> e.name().equals(app.name()))
                        .findFirst().orElseThrow();
                if (state.ownedProcess(entry, layout.home()).isEmpty()) {
                    throw new LocalPlatformException(app.name() + " exited during start; see ./weir logs " + app.name());
                }
                if (System.nanoTime() > deadline) {
                    throw new LocalPlatformException(app.name() + " not ready within " + APP_READY_TIMEOUT.toSeconds()
                            + " s; see ./weir logs " + app.name() + " (still running: ./weir down stops it)");
                }
                pause();
            }
            progress.done("ready");
        }
    }

    private List<String> appCommand(AppModule app, String bootstrap, String registryUrl) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dweir.home=" + layout.home(),
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dapicurio.registry.url=" + registryUrl,
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + registryUrl,
                "-Dkafka-streams.state.dir=" + layout.streamsState().resolve(app.name()),
                "-Dquarkus.http.port=" + app.port(),
                "-jar", app.runJar(layout.repoRoot()).toString());
    }

    private void printSummary(Progress progress, LocalState state) {
        out.printf("%nWeir is up (%.1f s).%n", progress.totalSeconds());
        for (LocalState.Entry entry : state.entries()) {
            out.printf("  %-18s %s%s%n", entry.name(), entry.url(), entry.pid() > 0 ? "  (pid " + entry.pid() + ")" : "  (external)");
        }
        out.println("  AsyncAPI of the platform topics: " + layout.repoRoot().relativize(layout.asyncApiDocument()));
        out.println("  Admin credentials: none yet — the control plane's bootstrap admin arrives with its API.");
        out.println("Logs: ./weir logs <component>    Status: ./weir status    Stop: ./weir down");
    }

    private boolean answers(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250); // polling a child's health endpoint; not a test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted");
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }
}
