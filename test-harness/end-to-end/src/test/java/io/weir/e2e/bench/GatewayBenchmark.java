package io.weir.e2e.bench;

import static io.restassured.RestAssured.given;

import io.weir.e2e.AdminSession;
import io.weir.e2e.GatewayNode;
import io.weir.e2e.Platform;
import io.weir.e2e.bench.floor.ProxyFloor;
import io.weir.harness.app.QuarkusApp;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.load.InvocationLoad;
import io.weir.harness.process.ProcessCpu;
import io.weir.harness.process.ThreadReading;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI: {@code mvn -pl test-harness/end-to-end verify -Dit.test=GatewayBenchmark}
 * (after {@code mvn install -DskipTests}). wrk against three targets side by side in one run -
 * the static nginx backend directly, a plain nginx reverse proxy with upstream keep-alive, and a
 * Weir edge node with API-key auth, subscription-tier throttling (a limit that does not trip) and
 * invocation records on - 1 KiB answers, 100 connections, warm-up (until the gateway's throughput is
 * steady, for its JIT) then alternating rounds; the broker compiles fully, as a real one; in three
 * placements ({@link Placement}): unpinned; wrk on CPU 0 and every
 * server (the platform too) on CPU 1; wrk and the platform (broker, registry, processors, control
 * plane) on CPU 0 and the proxies and backend on CPU 1 - the proxies' own cost, as where the
 * platform runs on other machines. For every round it also reads each process tree's CPU time
 * ({@link ProcessCpu}) and prints CPU microseconds per request of the gateway node, the broker, the
 * processors, the registry and control plane, and the two nginx, and how often per request their threads
 * were switched out: waited (slept for work) and were preempted; for the gateway's rounds, the same per kind
 * of thread ({@link BusiestThreads}, the {@code -Dbench.threads} busiest, 12 by default). Then the config propagation time:
 * deploy → 200 from both nodes, over 20 deployments, measured once the processors have folded the
 * rounds' invocation records ({@link ProcessorBacklog}: the backlog left and its drain time are
 * reported); with {@code -Dbench.backlog=N}, once more while the processors fold N invocations written at
 * once. Prints a Markdown table (also written to target/gateway-benchmark.md). The processors run
 * with a 2 GiB heap ({@code -Dbench.processors-heap}): their analytics keep every invocation id for an
 * hour.
 *
 * <p>Three reference proxies run beside them unless {@code -Dbench.floors=false}: the plainest proxy that
 * Vert.x core makes, Vert.x core's server with a raw Netty client, and one made directly on Netty
 * ({@link ProxyFloor}), with the node's JVM settings and no gateway logic. They show what proxying alone costs on the edge node's stack, i.e. how much of the
 * gap to nginx is the stack and how much is Weir.
 */
class GatewayBenchmark {

    private static final int CONNECTIONS = 100;
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 5);
    /**
     * A JVM reaches its steady state only once C2 has compiled the hot path: one to four minutes of load
     * on a 2-core machine. The gateway's first warm-up runs in slices of this many seconds until two
     * slices in a row agree within {@value #STEADY_WITHIN_PERCENT} %, and for at least
     * {@code bench.gateway-warmup-min} and at most {@code bench.gateway-warmup} seconds. The minimum is for
     * the platform behind the node: the steadiness check ended one run's warm-up after 45 s, while in
     * another, after 120 s, the broker's and the processors' C2 threads were still at 5 % of the machine
     * in the measured round (perf). A floor, not a guarantee that the platform is compiled.
     */
    private static final int GATEWAY_WARM_UP_SECONDS = Integer.getInteger("bench.gateway-warmup", 240);
    private static final int GATEWAY_MIN_WARM_UP_SECONDS = Integer.getInteger("bench.gateway-warmup-min", 120);
    private static final int WARM_UP_SLICE_SECONDS = 15;
    private static final int STEADY_WITHIN_PERCENT = 5;
    private static final int ROUND_SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int DEPLOYS = 20;
    /** Kinds of thread shown per placement in the gateway rounds' thread table. */
    private static final int BUSIEST_THREADS = Integer.getInteger("bench.threads", 12);
    /** Invocations written at once before a second propagation measurement; 0 (the default): none. */
    private static final int BACKLOG_INVOCATIONS = Integer.getInteger("bench.backlog", 0);
    private static final int BACKLOG_CHUNK = 100_000;
    private static final boolean FLOORS = Boolean.parseBoolean(System.getProperty("bench.floors", "true"));
    /** C2 compiles a bare proxy's hot path in well under a minute of load. */
    private static final int FLOOR_WARM_UP_SECONDS = Integer.getInteger("bench.floor-warmup", 30);
    private static final String BODY = "{\"data\":\"" + "x".repeat(1024 - 11) + "\"}";

    private final List<String> report = new ArrayList<>();
    private final List<String> cpuReport = new ArrayList<>();
    private final List<String> switchReport = new ArrayList<>();
    private final List<String> threadReport = new ArrayList<>();

    /** Where wrk, the proxies under test (with the backend) and the platform's back end run; null: anywhere. */
    private record Placement(String id, String name, String loadCpus, String proxyCpus, String platformCpus) {
    }

    /** {@code -Dbench.placements=unpinned,servers-on-cpu1,platform-on-cpu0} (the default: all three) runs some only. */
    private static final List<Placement> PLACEMENTS = java.util.stream.Stream.of(
            new Placement("unpinned", "unpinned", null, null, null),
            new Placement("servers-on-cpu1", "wrk on CPU 0, servers on CPU 1", "0", "1", "1"),
            new Placement("platform-on-cpu0", "wrk + platform on CPU 0, proxies on CPU 1", "0", "1", "0"))
            .filter(p -> List.of(System.getProperty("bench.placements", "unpinned,servers-on-cpu1,platform-on-cpu0")
                    .split(",")).contains(p.id()))
            .toList();

    @BeforeAll
    static void platformSizedForTheLoad() {
        // a measured broker runs as a real one does: with C2, not the test suite's quick C1-only JIT
        System.setProperty(KafkaBroker.FULL_JIT_PROPERTY, "true");
        // the processors' analytics keep every invocation id for an hour (~40 B each): a run sends ~20 million
        // calls, which the scenarios' 256 MiB heap cannot hold (it ends in back-to-back full GCs)
        System.setProperty(Platform.PROCESSORS_HEAP_PROPERTY, System.getProperty("bench.processors-heap", "2g"));
    }

    @Test
    void gatewayAgainstNginx() throws Exception {
        Platform platform = Platform.get();
        AdminSession admin = AdminSession.signIn(platform);
        QuarkusApp nodeA = GatewayNode.start(platform, "production", "bench-a");
        QuarkusApp nodeB = GatewayNode.start(platform, "production", "bench-b");
        int backendPort = io.weir.harness.process.Ports.freePort();
        String key = publishBenchApi(admin, "http://127.0.0.1:" + backendPort);
        List<ProxyFloor> floors = new ArrayList<>();
        if (FLOORS) {
            for (ProxyFloor.Kind kind : ProxyFloor.Kind.values()) {
                floors.add(ProxyFloor.start(kind, backendPort, null));
            }
        }
        List<Long> floorPids = floors.stream().map(ProxyFloor::pid).toList();

        report.add("| mode | target | requests/s | p50 ms | p99 ms | non-2xx |");
        report.add("| --- | --- | --- | --- | --- | --- |");
        List<String> ratios = new ArrayList<>();
        for (Placement placement : PLACEMENTS) {
            try (Nginx backend = Nginx.backend(backendPort, BODY, placement.proxyCpus());
                 Nginx proxy = Nginx.proxy(backend.port(), placement.proxyCpus())) {
                pin(platform.serverPids(), placement.platformCpus());
                pin(List.of(nodeA.pid(), nodeB.pid()), placement.proxyCpus());
                pin(floorPids, placement.proxyCpus());
                String gatewayUrl = nodeA.url() + "/bench-gw/1.0.0/data";
                Awaitility.await().alias("the bench API answers through the gateway").atMost(Duration.ofSeconds(30))
                        .until(() -> given().baseUri(nodeA.url()).header("apikey", key).get("/bench-gw/1.0.0/data")
                                .statusCode() == 200);
                Map<String, String> targets = new java.util.LinkedHashMap<>();
                targets.put("direct (nginx static)", backend.url() + "/data");
                targets.put("nginx proxy", proxy.url() + "/data");
                for (int i = 0; i < floors.size(); i++) {
                    targets.put(ProxyFloor.Kind.values()[i].label(), floors.get(i).url() + "/data");
                }
                targets.put("weir gateway", gatewayUrl);
                boolean first = placement == PLACEMENTS.get(0);
                for (var target : targets.entrySet()) {
                    boolean gateway = target.getValue().equals(gatewayUrl);
                    boolean floor = floors.stream().anyMatch(f -> target.getValue().startsWith(f.url()));
                    if (gateway && first) {
                        warmUntilSteady(target.getValue(), key, placement.loadCpus());
                    } else if (floor && first) {
                        Wrk.run(target.getValue(), key, CONNECTIONS, FLOOR_WARM_UP_SECONDS, placement.loadCpus());
                    } else {
                        Wrk.run(target.getValue(), key, CONNECTIONS, WARM_UP_SECONDS, placement.loadCpus());
                    }
                }
                List<Long> servers = platform.serverPids(); // broker, registry, processors, control plane
                ProcessCpu cpu = new ProcessCpu().tree("gateway node", List.of(nodeA.pid()))
                        .tree("broker", List.of(servers.get(0))).tree("processors", List.of(servers.get(2)))
                        .tree("registry + control plane", List.of(servers.get(1), servers.get(3)))
                        .tree("nginx proxy", List.of(proxy.pid())).tree("backend nginx", List.of(backend.pid()));
                if (FLOORS) {
                    cpu.tree("reference proxy", floorPids);
                }
                Map<String, List<Wrk.Result>> results = new java.util.LinkedHashMap<>();
                Map<String, Map<String, Double>> cpuMicros = new java.util.LinkedHashMap<>();
                Map<String, Map<String, ProcessCpu.Switches>> switches = new java.util.LinkedHashMap<>();
                Map<String, Double> requests = new java.util.HashMap<>();
                BusiestThreads gatewayThreads = new BusiestThreads();
                for (int round = 0; round < ROUNDS; round++) {
                    for (var target : targets.entrySet()) {
                        boolean gateway = target.getValue().equals(gatewayUrl);
                        ThreadReading threadsBefore = gateway ? cpu.threads() : null;
                        Map<String, ProcessCpu.Switches> switchedBefore = cpu.switches();
                        Map<String, Long> before = cpu.mark();
                        Wrk.Result result = Wrk.run(target.getValue(), key, CONNECTIONS, ROUND_SECONDS, placement.loadCpus());
                        Map<String, Long> after = cpu.mark();
                        Map<String, ProcessCpu.Switches> switchedAfter = cpu.switches();
                        if (gateway) {
                            gatewayThreads.add(cpu.threads().since(threadsBefore), result.requestsPerSecond() * ROUND_SECONDS);
                        }
                        results.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(result);
                        requests.merge(target.getKey(), result.requestsPerSecond() * ROUND_SECONDS, Double::sum);
                        after.forEach((group, micros) -> cpuMicros.computeIfAbsent(target.getKey(), k -> new java.util.LinkedHashMap<>())
                                .merge(group, (double) (micros - before.get(group)), Double::sum));
                        switchedAfter.forEach((group, now) -> switches.computeIfAbsent(target.getKey(), k -> new java.util.LinkedHashMap<>())
                                .merge(group, now.since(switchedBefore.get(group)), ProcessCpu.Switches::plus));
                    }
                }
                cpuMicros.forEach((target, byGroup) -> cpuReport.add(String.format(Locale.ROOT, "| %s | %s | %s |", placement.name(),
                        target, String.join(" | ", byGroup.values().stream()
                                .map(micros -> String.format(Locale.ROOT, "%.1f", micros / requests.get(target))).toList()))));
                switches.forEach((target, byGroup) -> switchReport.add(String.format(Locale.ROOT, "| %s | %s | %s |", placement.name(),
                        target, String.join(" | ", byGroup.values().stream().map(switched -> switched.readable()
                                ? String.format(Locale.ROOT, "%.2f / %.2f", switched.waits() / requests.get(target),
                                        switched.preemptions() / requests.get(target)) : "-").toList()))));
                threadReport.addAll(gatewayThreads.rows(placement.name(), BUSIEST_THREADS));
                String mode = placement.name();
                results.forEach((target, runs) -> report.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %d |",
                        mode, target, median(runs, Wrk.Result::requestsPerSecond), median(runs, Wrk.Result::p50),
                        median(runs, Wrk.Result::p99), runs.stream().mapToLong(Wrk.Result::non2xx).sum())));
                List<Wrk.Result> gateway = results.get("weir gateway");
                List<Wrk.Result> nginx = results.get("nginx proxy");
                List<Wrk.Result> direct = results.get("direct (nginx static)");
                ratios.add(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", mode,
                        median(gateway, Wrk.Result::requestsPerSecond) / median(nginx, Wrk.Result::requestsPerSecond),
                        median(gateway, Wrk.Result::p99) / median(nginx, Wrk.Result::p99),
                        median(gateway, Wrk.Result::requestsPerSecond) / median(direct, Wrk.Result::requestsPerSecond),
                        median(nginx, Wrk.Result::requestsPerSecond) / median(direct, Wrk.Result::requestsPerSecond))
                        + (FLOORS ? Arrays.stream(ProxyFloor.Kind.values()).map(kind -> String.format(Locale.ROOT,
                                " %.2f |", median(results.get(kind.label()), Wrk.Result::requestsPerSecond)
                                        / median(nginx, Wrk.Result::requestsPerSecond))).collect(java.util.stream.Collectors.joining()) : ""));
            } finally {
                pin(platform.serverPids(), null);
                pin(List.of(nodeA.pid(), nodeB.pid()), null);
                pin(floorPids, null);
            }
        }
        floors.forEach(ProxyFloor::close);
        report.add("");
        report.add("| mode | gateway/nginx throughput | gateway/nginx p99 | gateway/direct throughput | nginx/direct throughput |"
                + (FLOORS ? " vert.x floor/nginx throughput | vert.x server + netty client floor/nginx throughput | netty floor/nginx throughput |" : ""));
        report.add("| --- | --- | --- | --- | --- |" + (FLOORS ? " --- | --- | --- |" : ""));
        report.addAll(ratios);
        report.add("");
        report.add("| mode | target | CPU µs per request: gateway node | broker | processors | registry + control plane | nginx proxy | backend nginx |"
                + (FLOORS ? " reference proxy |" : ""));
        report.add("| --- | --- | --- | --- | --- | --- | --- | --- |" + (FLOORS ? " --- |" : ""));
        report.addAll(cpuReport);
        report.add("");
        report.add("| mode | target | context switches per request, waits / preemptions: gateway node | broker | processors "
                + "| registry + control plane | nginx proxy | backend nginx |" + (FLOORS ? " reference proxy |" : ""));
        report.add("| --- | --- | --- | --- | --- | --- | --- | --- |" + (FLOORS ? " --- |" : ""));
        report.addAll(switchReport);
        report.add("");
        report.add("busiest threads in the gateway rounds (the " + BUSIEST_THREADS + " kinds that used the most CPU; "
                + "threads named alike but for their digits are one kind, their number in parentheses):");
        report.add("");
        report.add(BusiestThreads.HEADER);
        report.add(BusiestThreads.RULE);
        report.addAll(threadReport);
        report.add("");
        printReport(); // the throughput tables stand even if a later step fails
        drainBacklog(platform);
        propagation(admin, List.of(nodeA, nodeB), "deploy call + projection + 2 nodes");
        printReport();
        if (BACKLOG_INVOCATIONS > 0) {
            propagationBehindABacklog(platform, admin, List.of(nodeA, nodeB));
            printReport();
        }
        nodeA.stop();
        nodeB.stop();
    }

    /** Load in slices until the throughput of two slices in a row agrees, or the warm-up budget is spent. */
    private void warmUntilSteady(String url, String key, String cpus) throws Exception {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(GATEWAY_WARM_UP_SECONDS).toNanos();
        long earliestEnd = started + Duration.ofSeconds(Math.min(GATEWAY_MIN_WARM_UP_SECONDS, GATEWAY_WARM_UP_SECONDS)).toNanos();
        double previous = 0;
        int slices = 0;
        while (System.nanoTime() < deadline) {
            double rps = Wrk.run(url, key, CONNECTIONS, WARM_UP_SLICE_SECONDS, cpus).requestsPerSecond();
            slices++;
            if (previous > 0 && System.nanoTime() >= earliestEnd
                    && Math.abs(rps - previous) <= previous * STEADY_WITHIN_PERCENT / 100.0) {
                break;
            }
            previous = rps;
        }
        report.add(0, String.format(Locale.ROOT, "gateway warm-up: %d s (%d slices of %d s; steady when two agree within %d %% after at least %d s)",
                slices * WARM_UP_SLICE_SECONDS, slices, WARM_UP_SLICE_SECONDS, STEADY_WITHIN_PERCENT, GATEWAY_MIN_WARM_UP_SECONDS));
        report.add(1, "");
    }

    private String publishBenchApi(AdminSession admin, String endpoint) throws Exception {
        admin.request().body(Map.of("name", "BenchTier", "level", "SUBSCRIPTION", "description", "a limit that never trips",
                        "limits", Map.of("quotaKind", "REQUEST_COUNT", "limit", 1_000_000_000L, "unitMillis", 60_000,
                                "stopOnQuotaReach", true)))
                .post("/api/v1/policies").then().statusCode(201);
        String apiId = importApi(admin, "/bench-gw", "BenchTier", endpoint, false);
        admin.request().body(Map.of("environments", List.of("production")))
                .post("/api/v1/apis/" + apiId + "/revisions/1/deployments").then().statusCode(200);
        admin.request().body(Map.of("targetStatus", "PUBLISHED")).post("/api/v1/apis/" + apiId + "/lifecycle").then().statusCode(200);
        String application = admin.request().body(Map.of("name", "bench", "tier", "Unlimited"))
                .post("/api/v1/applications").then().statusCode(201).extract().path("applicationId");
        admin.request().body(Map.of("applicationId", application, "apiId", apiId, "tier", "BenchTier"))
                .post("/api/v1/subscriptions").then().statusCode(201);
        return admin.request().body(Map.of()).post("/api/v1/applications/" + application + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
    }

    private static String importApi(AdminSession admin, String context, String tiers, String endpoint, boolean anonymous)
            throws IOException {
        String document = """
                openapi: 3.0.3
                info: {title: bench, version: 1.0.0}
                paths:
                  /data:
                    get:
                      %s
                      responses: {'200': {description: ok}}
                """.formatted(anonymous ? "security: []" : "operationId: data");
        String apiId = admin.request().contentType("application/yaml").body(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queryParam("context", context).queryParam("tiers", tiers).queryParam("endpoint", endpoint)
                .post("/api/v1/apis/import").then().statusCode(201).extract().path("apiId");
        admin.request().body(Map.of("description", "bench")).post("/api/v1/apis/" + apiId + "/revisions").then().statusCode(201);
        return apiId;
    }

    /**
     * Deploy → served by every node (routed to the backend rather than refused as an unknown API),
     * from just before the deploy call; 20 deployments.
     */
    private void propagation(AdminSession admin, List<QuarkusApp> nodes, String label) throws IOException {
        long[] millis = new long[DEPLOYS];
        for (int i = 0; i < DEPLOYS; i++) {
            String context = "/prop-" + i + "-" + System.nanoTime();
            String apiId = importApi(admin, context, "Unlimited", "http://127.0.0.1:" + nodes.get(0).port() + "/q/health", true);
            long start = System.nanoTime();
            admin.request().body(Map.of("environments", List.of("production")))
                    .post("/api/v1/apis/" + apiId + "/revisions/1/deployments").then().statusCode(200);
            Awaitility.await().alias("deployment " + i + " serves on every node").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> nodes.stream().allMatch(node ->
                            !given().baseUri(node.url()).get(context + "/1.0.0/data").asString().contains("api-not-found")));
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        report.add("| config propagation (deploy → served by both nodes, " + DEPLOYS + " deploys) | p50 ms | p99 ms | max ms |");
        report.add("| --- | --- | --- | --- |");
        report.add(String.format(Locale.ROOT, "| %s | %d | %d | %d |", label,
                millis[DEPLOYS / 2], millis[(int) Math.ceil(DEPLOYS * 0.99) - 1], millis[DEPLOYS - 1]));
    }

    /**
     * {@code -Dbench.backlog=N}: N invocations written at once (as gateway nodes would after a broker outage,
     * or a processors' restart after downtime finds them), then the propagation measured while the processors
     * fold them: whether config still reaches the gateways while the throttling and analytics catch up.
     */
    private void propagationBehindABacklog(Platform platform, AdminSession admin, List<QuarkusApp> nodes) throws Exception {
        String topic = TopicNaming.defaults().name(Topics.INVOCATION_BATCHES);
        long start = System.nanoTime();
        try (var producer = InvocationLoad.producer(platform.bootstrapServers(), platform.registryUrl())) {
            for (int written = 0; written < BACKLOG_INVOCATIONS; written += BACKLOG_CHUNK) {
                InvocationLoad.produce(producer, topic, InvocationLoad.builder()
                        .seed(written).start(Instant.now()).spacing(Duration.ofNanos(10_000))
                        .generate(Math.min(BACKLOG_CHUNK, BACKLOG_INVOCATIONS - written)));
            }
        }
        long writtenMillis = (System.nanoTime() - start) / 1_000_000;
        try (ProcessorBacklog backlog = new ProcessorBacklog(platform.bootstrapServers())) {
            long before = backlog.records();
            propagation(admin, nodes, "while the processors fold a backlog of " + BACKLOG_INVOCATIONS + " invocations");
            long after = backlog.records();
            report.add("");
            report.add(String.format(Locale.ROOT, "(backlog: %,d invocations written in %,d ms; %,d batches behind when the "
                    + "deploys began, %,d when they ended)", BACKLOG_INVOCATIONS, writtenMillis, before, after));
        }
    }

    private void printReport() throws IOException {
        String table = String.join("\n", report);
        System.out.println("\n" + table + "\n");
        Files.writeString(Path.of("target/gateway-benchmark.md"), table + "\n");
    }

    /**
     * The rounds can admit invocations faster than the processors fold them: the backlog left, and the time
     * it takes to drain, go into the report, and propagation is measured only once it has drained.
     */
    private void drainBacklog(Platform platform) throws Exception {
        try (ProcessorBacklog backlog = new ProcessorBacklog(platform.bootstrapServers())) {
            long left = backlog.records();
            long start = System.nanoTime();
            System.out.printf(Locale.ROOT, "processors' backlog after the rounds: %d invocation batches%n", left);
            long[] lastPrinted = {System.nanoTime()};
            Awaitility.await().alias("the processors caught up with weir.invocation-batches").atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        long records = backlog.records();
                        if (System.nanoTime() - lastPrinted[0] > 10_000_000_000L) {
                            System.out.printf(Locale.ROOT, "processors' backlog: %d batches, %.0f s after the rounds%n",
                                    records, (System.nanoTime() - start) / 1e9);
                            lastPrinted[0] = System.nanoTime();
                        }
                        return records == 0;
                    });
            report.add("| after the rounds | invocation records the processors had yet to fold | drained in s |");
            report.add("| --- | --- | --- |");
            report.add(String.format(Locale.ROOT, "| processors' backlog | %d | %.1f |", left, (System.nanoTime() - start) / 1e9));
            report.add("");
        }
    }

    /** Pins every thread of the processes to the CPUs; null: both CPUs again. */
    private static void pin(List<Long> pids, String cpus) throws IOException, InterruptedException {
        for (long pid : pids) {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus == null ? "0,1" : cpus, Long.toString(pid))
                    .redirectErrorStream(true).start();
            taskset.getInputStream().readAllBytes();
            taskset.waitFor();
        }
    }

    private static double median(List<Wrk.Result> runs, java.util.function.ToDoubleFunction<Wrk.Result> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }
}
