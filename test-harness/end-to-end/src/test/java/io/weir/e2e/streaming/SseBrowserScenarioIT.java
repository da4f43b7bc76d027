package io.weir.e2e.streaming;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.e2e.AdminSession;
import io.weir.e2e.GatewayNode;
import io.weir.e2e.Platform;
import io.weir.e2e.browser.BrowserPage;
import io.weir.harness.app.QuarkusApp;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser's EventSource on a Kafka-topic STREAM API through a packaged gateway node: records
 * produced to the topic arrive as events; the node is killed (-9) mid-stream and a new one started
 * on its port while records keep coming; the page resumes from the last event id it saw, and every
 * record arrives exactly once. Bad requests are refused before a stream starts.
 */
class SseBrowserScenarioIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern ORDER = Pattern.compile("\\\\?\"n\\\\?\"\\s*:\\s*(\\d+)");

    private static Platform platform;
    private static StreamApi api;
    private static int port;
    private static QuarkusApp node;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        api = StreamApi.publish(platform, AdminSession.signIn(platform), "/orders-sse-e2e");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        node = GatewayNode.start(platform, "production", "sse-a", port, Map.of());
        awaitServed();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void aBrowserResumesAfterTheGatewayNodeIsKilledAndReceivesEveryRecordExactlyOnce() throws Exception {
        assumeThat(BrowserPage.available()).as("Debian chromium is installed (.ci/run installs it)").isTrue();
        String url = gateway() + api.basePath + "/orders?apiKey=" + api.apiKey;
        String script = """
                const url = '%s';
                let lastId = null;
                function connect() {
                  const es = new EventSource(lastId === null ? url : url + '&lastEventId=' + encodeURIComponent(lastId));
                  const onEvent = e => { lastId = e.lastEventId; report({id: e.lastEventId, data: e.data}); };
                  es.addEventListener('orders', onEvent);
                  es.onmessage = onEvent;
                  es.onopen = () => report({open: true});
                  // the browser reconnects by itself (sending Last-Event-ID) after a dropped connection; when it
                  // gives up (an error answer while the new node starts), reconnect from the last id seen
                  es.onerror = () => { if (es.readyState === EventSource.CLOSED) { setTimeout(connect, 500); } };
                }
                connect();
                """.formatted(url);
        try (BrowserPage page = new BrowserPage(script).open(); OrderProducer orders = new OrderProducer(platform)) {
            Awaitility.await().alias("the EventSource is open").atMost(WAIT).until(() -> opens(page) >= 1);
            orders.send(1, 40);
            Awaitility.await().alias("the first 40 records arrived").atMost(WAIT).until(() -> received(page).size() == 40);

            ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Awaitility.await().alias("the node is dead").atMost(WAIT).until(() -> !node.isRunning());
            orders.send(41, 80); // produced while no node serves
            node = GatewayNode.start(platform, "production", "sse-b", port, Map.of());
            orders.send(81, 100);

            Awaitility.await().alias("all 100 records arrived").atMost(WAIT).until(() -> received(page).size() == 100);
            Map<Integer, Integer> counts = received(page);
            assertThat(counts.keySet()).containsExactlyElementsOf(range(1, 100));
            assertThat(counts.values()).as("each record once").allMatch(count -> count == 1);
            assertThat(opens(page)).as("the page reconnected").isGreaterThanOrEqualTo(2);
            assertThat(page.reports()).noneMatch(report -> report.contains("\"error\""));
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAStreamStarts() {
        String base = api.basePath;
        problem(given().baseUri(gateway()).accept("text/event-stream").get(base + "/orders"), 401);
        problem(given().baseUri(gateway()).accept("text/event-stream").queryParam("apiKey", "not-a-key").get(base + "/orders"), 401);
        problem(given().baseUri(gateway()).accept("text/event-stream").queryParam("apiKey", api.apiKey).get(base + "/no-such-channel"), 404);
        problem(given().baseUri(gateway()).accept("text/event-stream").queryParam("apiKey", api.apiKey)
                .header("Last-Event-ID", "garbage!").get(base + "/orders"), 400);
        problem(given().baseUri(gateway()).accept("text/event-stream").queryParam("apiKey", api.apiKey)
                .queryParam("from", "yesterday-ish").get(base + "/orders"), 400);
    }

    private static void problem(io.restassured.response.Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static void awaitServed() {
        Awaitility.await().alias("the API is served with its AsyncAPI document").atMost(WAIT).ignoreExceptions()
                .until(() -> given().baseUri(gateway()).get(api.basePath + "/asyncapi").asString().contains("orders"));
    }

    private static String gateway() {
        return "http://127.0.0.1:" + port;
    }

    private static long opens(BrowserPage page) {
        return page.reports().stream().filter(report -> report.contains("\"open\":true")).count();
    }

    /** Order number → how many times it arrived. */
    private static Map<Integer, Integer> received(BrowserPage page) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (String report : page.reports()) {
            if (report.contains("\"data\"")) {
                Matcher matcher = ORDER.matcher(report);
                if (matcher.find()) {
                    counts.merge(Integer.parseInt(matcher.group(1)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }
}
