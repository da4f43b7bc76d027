package io.weir.e2e;

import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.process.WorkDirs;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The platform for end-to-end scenarios, started once per test JVM: the shared broker and registry,
 * the catalogue's topics and schemas, and the packaged stream processors and control plane as child
 * processes (guarded: they die with this JVM). The control plane seeds the default organization and
 * its admin, whose generated credentials it writes to a file here.
 */
public final class Platform {

    private static Platform instance;

    final String bootstrapServers;
    final String registryUrl;
    volatile QuarkusApp processors;
    final QuarkusApp controlPlane;
    final Path home;

    private Platform() {
        bootstrapServers = SharedComponents.kafka().bootstrapServers();
        registryUrl = SharedComponents.registry().url();
        PlatformBootstrap.run(bootstrapServers, registryUrl, TopicNaming.defaults(), (short) 1);
        home = WorkDirs.createTemp("weir-e2e-");
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        processors = app("stream-processors", repo).heap(processorsHeap()).start();
        controlPlane = app("control-plane", repo).start();
        processors.awaitReady(Duration.ofSeconds(120));
        controlPlane.awaitReady(Duration.ofSeconds(120));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controlPlane.stop();
            processors.stop();
        }));
    }

    public static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform();
        }
        return instance;
    }

    /**
     * The processors' heap: {@code -Dweir.e2e.processorsHeap}, default 256m - enough for the scenarios;
     * a benchmark that sends tens of thousands of calls a second sets more, since the analytics keep
     * every invocation id for an hour (docs/analytics.md).
     */
    private static String processorsHeap() {
        return System.getProperty(PROCESSORS_HEAP_PROPERTY, "256m");
    }

    /** The system property {@link #processorsHeap()} reads; set before the first {@link #get()}. */
    public static final String PROCESSORS_HEAP_PROPERTY = "weir.e2e.processorsHeap";

    private QuarkusApp.Builder app(String name, Path repo) {
        return QuarkusApp.builder(name, repo.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"))
                .systemProperty("weir.home", home.toString())
                .systemProperty("kafka.bootstrap.servers", bootstrapServers)
                .systemProperty("apicurio.registry.url", registryUrl)
                .systemProperty("kafka-streams.state.dir", home.resolve("streams-" + name).toString())
                // a lower hashing cost keeps the suite fast; production keeps the default
                .systemProperty("weir.control-plane.security.password-hash-iterations", "210000")
                // processors started on a broker earlier scenarios filled may restore state in the
                // background for a while: a write then waits for its result rather than answering 504
                .systemProperty("weir.control-plane.command-timeout", "90s");
    }

    /** Kills the stream processors at once (SIGKILL), as a crash would. */
    public void killProcessors() {
        ProcessHandle.of(processors.pid()).ifPresent(ProcessHandle::destroyForcibly);
        org.awaitility.Awaitility.await().alias("the stream processors are gone").atMost(Duration.ofSeconds(30))
                .until(() -> !processors.isRunning());
    }

    /** Starts the stream processors again on the same state directory; returns when ready. */
    public void restartProcessors() {
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        processors = app("stream-processors", repo).heap(processorsHeap()).start();
        processors.awaitReady(Duration.ofSeconds(120));
    }

    /**
     * Starts the packaged CDC connectors against the platform's broker and registry with these
     * {@code weir.cdc.*} settings (the sources of a scenario's own database); returns when ready.
     */
    public QuarkusApp startCdc(java.util.Map<String, String> settings) {
        Path repo = Path.of(System.getProperty("weir.repo", "../..")).toAbsolutePath().normalize();
        QuarkusApp.Builder cdc = app("cdc-connectors", repo);
        settings.forEach(cdc::systemProperty);
        return cdc.start().awaitReady(Duration.ofSeconds(120));
    }

    /** Process ids of the platform's servers (broker, registry, processors, control plane), e.g. to pin them to CPUs. */
    public java.util.List<Long> serverPids() {
        return java.util.List.of(SharedComponents.kafka().pid(), SharedComponents.registry().pid(), processors.pid(),
                controlPlane.pid());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public String url() {
        return controlPlane.url();
    }

    /** The bootstrap admin's credentials, once the control plane has seeded them. */
    public Properties adminCredentials() {
        Path file = home.resolve("bootstrap-admin.txt");
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            credentials.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return credentials;
    }

    public boolean seeded() {
        return Files.exists(home.resolve("bootstrap-admin.txt"));
    }
}
