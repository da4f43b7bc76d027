package io.weir.dataplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.dataplane.testing.CallbackReceiver;
import io.weir.dataplane.testing.GcTime;
import io.weir.dataplane.testing.NodeMeters;
import io.weir.harness.process.ProcessCpu;
import io.weir.dataplane.testing.SseLoad;
import io.weir.dataplane.testing.WebSocketLoad;
import io.weir.dataplane.websub.WebhookConfig;
import io.weir.dataplane.websub.secret.SecretCipher;
import io.weir.harness.SharedComponents;
import io.weir.harness.app.QuarkusApp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On demand ({@code -Dweir.bench=true}), never in CI: the event-driven edge of ONE packaged node on
 * the shared broker and registry. Part 1 ramps N SSE and N WebSocket subscribers of one Kafka-topic
 * STREAM channel (Vert.x clients in this JVM, few event loops) to find the connections held; part 2
 * produces at a fixed rate to the channel's topic and counts messages delivered per second and
 * produce-to-client latency (record timestamp, set by the producer, to arrival); part 3 produces
 * content to a WebSub API's bound topic for M verified subscribers and counts signed deliveries per
 * second. Prints one table (goal, reached, ratio) and the CPU, GC and meters behind it.
 */
@EnabledIfSystemProperty(named = "weir.bench", matches = "true")
class EdgeStreamingBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("weir.bench.connections", 5000);
    private static final int RAMP_STEP = Integer.getInteger("weir.bench.ramp-step", 1000);
    private static final int RATE = Integer.getInteger("weir.bench.rate", 5);
    private static final int SECONDS = Integer.getInteger("weir.bench.seconds", 30);
    private static final int WARMUP = Integer.getInteger("weir.bench.warmup", 10);
    private static final int CLIENT_LOOPS = Integer.getInteger("weir.bench.client-loops", 1);
    private static final int SUBSCRIBERS = Integer.getInteger("weir.bench.subscribers", 100);
    private static final int EVENTS = Integer.getInteger("weir.bench.events", 200);
    private static final String HEAP = System.getProperty("weir.bench.heap", "1g");
    private static final SecretCipher CIPHER = new SecretCipher(WebhookConfig.DEV_KEY, "dev");

    private static BenchGateway gateway;
    private static QuarkusApp node;
    private static ProcessCpu cpu;
    private static final BenchTable table = new BenchTable();

    @BeforeAll
    static void start() throws Exception {
        gateway = BenchGateway.create(SharedComponents.kafka().bootstrapServers(), SharedComponents.registry().url());
        node = gateway.node(HEAP, System.getProperty("weir.bench.node-settings", ""));
        gateway.awaitServed(node.url());
        cpu = new ProcessCpu().process("node", node.pid()).process("clients (test JVM)", ProcessHandle.current().pid())
                .process("broker", SharedComponents.kafka().pid()).process("registry", SharedComponents.registry().pid());
    }

    @AfterAll
    static void stop() {
        table.print(System.out);
        if (node != null) {
            node.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void streamsThenWebhooks() throws Exception {
        URI url = URI.create(node.url());
        try (SseLoad sse = new SseLoad(CONNECTIONS, CLIENT_LOOPS); WebSocketLoad ws = new WebSocketLoad(CONNECTIONS, CLIENT_LOOPS);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     gateway.bootstrap(), ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
            int held = ramp(url, sse, ws);
            table.row("connections held (SSE + WS), one node", "10,000", held, 10_000, true);
            stream(producer, sse, ws, held);
        }
        webhooks();
    }

    /** Opens SSE and WebSocket subscribers in steps until N of each or a step does not complete. */
    private static int ramp(URI url, SseLoad sse, WebSocketLoad ws) {
        String channel = BenchGateway.STREAM_PATH + "?apiKey=" + BenchGateway.KEY;
        for (int opened = 0; opened < CONNECTIONS; ) {
            int step = Math.min(RAMP_STEP, CONNECTIONS - opened);
            sse.open(url.getHost(), url.getPort(), channel, step);
            ws.open(url.getHost(), url.getPort(), channel, step);
            opened += step;
            int target = opened;
            long began = System.nanoTime();
            try {
                Awaitility.await().alias(target + " of each held").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> gauge("sse") >= target && gauge("ws") >= target || sse.failed.get() + ws.failed.get() > 0);
            } catch (ConditionTimeoutException e) {
                System.out.printf("BENCH ramp stalled at %d: node holds sse=%d ws=%d%n", target, gauge("sse"), gauge("ws"));
                break;
            }
            System.out.printf("BENCH ramp %d+%d held in %d ms (client failures sse=%d ws=%d)%n", gauge("sse"), gauge("ws"),
                    (System.nanoTime() - began) / 1_000_000, sse.failed.get(), ws.failed.get());
            if (sse.failed.get() + ws.failed.get() > 0) {
                break;
            }
        }
        return gauge("sse") + gauge("ws");
    }

    private static int gauge(String protocol) {
        return (int) NodeMeters.of(node.url()).sum("weir_gateway_stream_connections", "protocol=\"" + protocol + "\"");
    }

    /** A producer at a fixed rate for warm-up, then the measured window, then until every client has every record. */
    private static void stream(KafkaProducer<String, String> producer, SseLoad sse, WebSocketLoad ws, int held) {
        Pacer pacer = new Pacer(producer, RATE);
        pacer.runFor(WARMUP);
        sse.latencies.reset();
        ws.latencies.reset();
        NodeMeters before = NodeMeters.of(node.url());
        GcTime gc = GcTime.of(node.pid());
        Map<String, Long> cpuBefore = cpu.mark();
        long started = System.nanoTime();
        long producedBefore = pacer.sent();
        pacer.runFor(SECONDS);
        double window = (System.nanoTime() - started) / 1e9;
        long delivered = sse.latencies.messages() + ws.latencies.messages();
        Map<String, Double> cores = cpu.coresSince(cpuBefore, window);
        String nodeGc = GcTime.since(gc, GcTime.of(node.pid()), window);
        NodeMeters after = NodeMeters.of(node.url());
        after.saveTo(Path.of("target/edge-bench-node-metrics.prom"));
        long expected = (pacer.sent() - producedBefore) * held;
        boolean complete = awaitQuietly("every held client got every record", () -> sse.latencies.messages() + ws.latencies.messages() >= expected);

        table.row("messages delivered/s (SSE + WS)", "50,000", delivered / window, 50_000, true);
        table.row("produce-to-client p99 SSE, ms", "<= 250", sse.latencies.percentile(0.99), 250, false);
        table.row("produce-to-client p99 WS, ms", "<= 250", ws.latencies.percentile(0.99), 250, false);
        table.row("produce-to-client p50 SSE / WS, ms", "-", sse.latencies.percentile(0.5) + " / " + ws.latencies.percentile(0.5));
        table.note(String.format("stream: %d held, %d records/s for %.1f s after %d s warm-up; received since the window opened (warm-up records still in flight included) sse=%d ws=%d;"
                        + " every record to every client: %s (%d of %d); connections closed by the node sse=%d ws=%d",
                held, RATE, window, WARMUP, sse.latencies.messages(), ws.latencies.messages(), complete ? "yes" : "NO",
                sse.latencies.messages() + ws.latencies.messages(), expected, sse.closed.get(), ws.closed.get()));
        table.profile("stream", cores, nodeGc, before, after,
                "weir_gateway_stream_slow_consumers_dropped_total", "weir_gateway_stream_messages_total");
    }

    private static void webhooks() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver();
             KafkaProducer<String, byte[]> content = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     gateway.bootstrap(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            receiver.keepDeliveries(false);
            for (int i = 0; i < SUBSCRIBERS; i++) {
                receiver.secret("/hook-" + i, "secret-" + i);
                gateway.subscribeWebhook(receiver.url("/hook-" + i), CIPHER.encrypt("secret-" + i), Instant.now());
            }
            produce(content, 1); // warm-up: the fan-out has read the subscriptions and every lane has a connection
            awaitQuietly("warm-up delivered to every subscriber", () -> receiver.accepted.get() >= SUBSCRIBERS);
            long warm = receiver.accepted.get();
            NodeMeters before = NodeMeters.of(node.url());
            GcTime gc = GcTime.of(node.pid());
            Map<String, Long> cpuBefore = cpu.mark();
            long started = System.nanoTime();
            produce(content, EVENTS);
            long expected = warm + (long) EVENTS * SUBSCRIBERS;
            boolean complete = awaitQuietly("every subscriber got every event", () -> receiver.accepted.get() >= expected);
            double seconds = (System.nanoTime() - started) / 1e9;
            long delivered = receiver.accepted.get() - warm;
            table.row("signed webhook deliveries/s", "5,000", delivered / seconds, 5_000, true);
            table.note(String.format("webhooks: %d events x %d verified subscribers = %d deliveries in %.1f s, all delivered: %s,"
                            + " bad signatures: %d", EVENTS, SUBSCRIBERS, delivered, seconds, complete ? "yes" : "NO",
                    receiver.badSignatures.get()));
            Map<String, Double> cores = cpu.coresSince(cpuBefore, seconds);
            table.profile("webhooks", cores, GcTime.since(gc, GcTime.of(node.pid()), seconds), before, NodeMeters.of(node.url()),
                    "weir_gateway_webhook_deliveries_total", "weir_gateway_webhook_dispatched_total");
            assertThat(receiver.badSignatures.get()).as("every delivery signed with its subscriber's secret").isZero();
        }
    }

    private static void produce(KafkaProducer<String, byte[]> content, int events) {
        for (int e = 0; e < events; e++) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(gateway.feedTopic(), "k" + e % 8,
                    ("{\"event\":" + e + ",\"at\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            content.send(record);
        }
        content.flush();
    }

    /** Waits up to two minutes; false (reported in the table, not thrown) if it did not happen. */
    private static boolean awaitQuietly(String alias, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().alias(alias).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Produces to the stream topic at a fixed rate, the record timestamp being the send time. */
    private static final class Pacer {
        private final KafkaProducer<String, String> producer;
        private final int rate;
        private long sent;

        Pacer(KafkaProducer<String, String> producer, int rate) {
            this.producer = producer;
            this.rate = rate;
        }

        long sent() {
            return sent;
        }

        void runFor(int seconds) {
            long began = System.nanoTime();
            long base = sent;
            while (System.nanoTime() - began < seconds * 1_000_000_000L) {
                long due = base + (System.nanoTime() - began) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(gateway.streamTopic(), 0, System.currentTimeMillis(), "bench", "{\"n\":" + sent + "}"));
                }
                LockSupport.parkNanos(1_000_000); // paces the producer at a fixed rate; not a wait for a condition
            }
            producer.flush();
        }
    }
}
