package io.weir.local;

import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.app.QuarkusApp;
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
                .fullJit(true) // long-lived: compile as a real broker does
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
        List<QuarkusApp> started = new ArrayList<>();
        for (AppModule app : apps) {
            QuarkusApp process = QuarkusApp.builder(app.name(), app.runJar(layout.repoRoot()))
                    .port(app.port())
                    .heap(app.heap())
                    .orphanGuard(false)
                    .workDir(layout.repoRoot().resolve(app.folder()))
                    .logFile(layout.log(app.name()))
                    .systemProperty("weir.home", layout.home().toString())
                    .systemProperty("kafka.bootstrap.servers", bootstrap)
                    .systemProperty("apicurio.registry.url", registryUrl)
                    .systemProperty("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registryUrl)
                    .systemProperty("kafka-streams.state.dir", layout.streamsState().resolve(app.name()).toString())
                    .start();
            state.put(new LocalState.Entry(app.name(), process.pid(), app.url(), app.healthUrl()));
            started.add(process);
        }
        // started together, waited on one by one: they boot in parallel on the two cores
        for (QuarkusApp app : started) {
            progress.step(app + "");
            try {
                app.awaitReady(APP_READY_TIMEOUT);
            } catch (IllegalStateException e) {
                throw new LocalPlatformException(e.getMessage().lines().findFirst().orElse("not ready")
                        + "; see ./weir logs (./weir down stops what was started)");
            }
            progress.done("ready");
        }
    }

    private void printSummary(Progress progress, LocalState state) {
        out.printf("%nWeir is up (%.1f s).%n", progress.totalSeconds());
        for (LocalState.Entry entry : state.entries()) {
            out.printf("  %-18s %s%s%n", entry.name(), entry.url(), entry.pid() > 0 ? "  (pid " + entry.pid() + ")" : "  (external)");
        }
        out.println("  AsyncAPI of the platform topics: " + layout.repoRoot().relativize(layout.asyncApiDocument()));
        printAdminCredentials();
        out.println("Logs: ./weir logs <component>    Status: ./weir status    Stop: ./weir down");
    }

    /** The seeded admin's password is shown once, at the first up; later only where it is kept. */
    private void printAdminCredentials() {
        Path credentials = layout.home().resolve("bootstrap-admin.txt");
        Path shown = layout.home().resolve("bootstrap-admin.shown");
        if (!Files.exists(credentials)) {
            return;
        }
        try {
            if (Files.exists(shown)) {
                out.println("  Admin credentials: in " + layout.repoRoot().relativize(credentials));
                return;
            }
            java.util.Properties admin = new java.util.Properties();
            try (var in = Files.newBufferedReader(credentials)) {
                admin.load(in);
            }
            out.println("  Admin (shown once): username " + admin.getProperty("username") + ", password "
                    + admin.getProperty("password"));
            out.println("    token: curl -s -d grant_type=password -d username=" + admin.getProperty("username")
                    + " --data-urlencode password=... http://127.0.0.1:8080/oauth2/token");
            Files.createFile(shown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }
}
