package io.weir.dataplane.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.weir.schema.common.Protocol;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.gateway.CredentialKeys;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.subscription.SubscriptionStatus;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSE APIs through a packaged node on a real broker: a Java HTTP client reads the stream line by
 * line while a Vert.x backend emits events when the test says so.
 */
class SseRelayIT {

    private static RelayNode relay;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        relay = RelayNode.get();
    }

    @Test
    void eventsArriveAsTheBackendSendsThemAndLastEventIdReachesTheBackend() {
        String id = UUID.randomUUID().toString();
        Lines client = open("/feed/1/stream?topic=a&apikey=" + RelayNode.KEY, id, "41");
        Awaitility.await().alias("the first event reached the client").atMost(Duration.ofSeconds(10))
                .until(() -> client.lines.contains("data: one"));
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        assertThat(backend.stream.ended()).as("the backend has not ended its stream").isFalse();
        assertThat(client.done).isFalse();
        assertThat(backend.headers.get("Last-Event-ID")).isEqualTo("41");
        assertThat(backend.uri).isEqualTo("/sse/stream?topic=a");

        relay.backend.onLoop(() -> backend.stream.end("id: 2\ndata: two\n\n"));
        Awaitility.await().alias("the second event and the end reached the client").atMost(Duration.ofSeconds(10))
                .until(() -> client.done);
        assertThat(client.status).isEqualTo(200);
        assertThat(client.lines).containsSubsequence("id: 1", "data: one", "", "id: 2", "data: two", "");
    }

    @Test
    void aClientThatGoesAwayResetsTheBackendStream() {
        String id = UUID.randomUUID().toString();
        Lines client = open("/feed/1/stream?apikey=" + RelayNode.KEY, id, null);
        Awaitility.await().alias("the first event").atMost(Duration.ofSeconds(10)).until(() -> client.lines.contains("data: one"));
        client.subscription.cancel();
        Awaitility.await().alias("the backend stream was closed").atMost(Duration.ofSeconds(10))
                .until(() -> relay.backend.seen.get(id).closed);
    }

    @Test
    void eventsCountOnTheSubscriptionTierAndTheStreamEndsAtTheLimit() {
        String id = UUID.randomUUID().toString();
        Lines client = open("/feed/1/stream?apikey=" + RelayNode.TINY_KEY, id, null);
        Awaitility.await().alias("the first event").atMost(Duration.ofSeconds(10)).until(() -> client.lines.contains("data: one"));
        StringBuilder more = new StringBuilder(": a comment is no event\n\n");
        for (int i = 2; i <= 12; i++) {
            more.append("data: e").append(i).append("\n\n");
        }
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        relay.backend.onLoop(() -> backend.stream.write(more.toString()));
        Awaitility.await().alias("the stream ended at the limit").atMost(Duration.ofSeconds(10)).until(() -> client.done);
        // limit 10: the request is 1, events one, e2..e9 are 9 more
        assertThat(client.lines.stream().filter(l -> l.startsWith("data: ")).toList())
                .containsExactly("data: one", "data: e2", "data: e3", "data: e4", "data: e5", "data: e6", "data: e7",
                        "data: e8", "data: e9");
        Awaitility.await().alias("the backend stream was reset").atMost(Duration.ofSeconds(10)).until(() -> backend.closed);
        assertThat(problem("/feed/1/stream?apikey=" + RelayNode.TINY_KEY, "GET").statusCode()).isEqualTo(429);

        List<Invocation> records = new ArrayList<>();
        try (KafkaConsumer<String, InvocationBatch> consumer = relay.invocations()) {
            Awaitility.await().alias("the stream's records").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> r.value().getInvocations().forEach(i -> {
                    if (id.equals(i.getCorrelationId())) {
                        records.add(i);
                    }
                }));
                return records.stream().anyMatch(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED);
            });
        }
        assertThat(records).allMatch(r -> r.getApiId().equals("feed") && r.getProtocol() == Protocol.SSE);
        assertThat(records.stream().filter(r -> r.getKind() == InvocationKind.MESSAGE)
                .allMatch(r -> r.getDirection() == MessageDirection.OUTBOUND)).isTrue();
        assertThat(records.stream().filter(r -> r.getKind() == InvocationKind.MESSAGE).mapToInt(Invocation::getMessageCount).sum())
                .as("events relayed").isEqualTo(9);
        assertThat(records.stream().filter(r -> !r.getThrottleKeys().isEmpty()).mapToInt(Invocation::getMessageCount).sum())
                .as("what the throttling processor will count: exactly the limit").isEqualTo(RelayNode.TINY_LIMIT);
        Invocation closed = records.stream().filter(r -> r.getKind() == InvocationKind.CONNECTION_CLOSED).findFirst().orElseThrow();
        assertThat(closed.getStatusCode()).isEqualTo(1008);
        assertThat(closed.getErrorCode()).isEqualTo("throttled");
        assertThat(closed.getThrottled()).isTrue();
    }

    @Test
    void aBurstOfEventsArrivesCompleteAndInOrder() {
        int events = 20_000;
        String id = UUID.randomUUID().toString();
        Lines client = open("/feed/1/burst?apikey=" + RelayNode.KEY, id, null);
        Awaitility.await().alias("the first event").atMost(Duration.ofSeconds(10)).until(() -> client.lines.contains("data: one"));
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        long started = System.nanoTime();
        relay.backend.onLoop(() -> {
            for (int i = 0; i < events; i++) {
                backend.stream.write("id: " + i + "\ndata: " + "e".repeat(80) + "\n\n");
            }
            backend.stream.end();
        });
        Awaitility.await().alias("the whole burst").atMost(Duration.ofSeconds(120)).until(() -> client.done);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> ids = client.lines.stream().filter(l -> l.startsWith("id: ")).skip(1).toList();
        assertThat(ids).hasSize(events);
        for (int i = 0; i < events; i++) {
            assertThat(ids.get(i)).isEqualTo("id: " + i);
        }
        System.out.printf("SSE relay: %d events of ~100 bytes through the node in %.2f s (%.0f events/s)%n",
                events, seconds, events / seconds);
    }

    @Test
    void aBlockedSubscriptionEndsItsOpenRelayedStreamWithAnErrorEvent() throws Exception {
        String id = UUID.randomUUID().toString();
        Lines client = open("/feed/1/blocked?apikey=" + RelayNode.BLOCKED_KEY, id, null);
        Awaitility.await().alias("the first event").atMost(Duration.ofSeconds(10)).until(() -> client.lines.contains("data: one"));

        relay.write(Topics.GATEWAY_CREDENTIALS, CredentialKeys.forApiKey(RelayNode.BLOCKED_KEY),
                RelayNode.credential("app-blocked", "feed", SubscriptionStatus.BLOCKED));
        long blocked = System.nanoTime();
        Awaitility.await().alias("the stream ended").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> client.done);
        System.out.printf("relayed SSE stream ended %d ms after the subscription was blocked%n", (System.nanoTime() - blocked) / 1_000_000);
        assertThat(client.lines).containsSubsequence("data: one", "", "event: error");
        assertThat(client.lines).anySatisfy(line -> assertThat(line).startsWith("data: {\"code\":\"subscription-blocked\""));
        RelayBackend.Seen backend = relay.backend.seen.get(id);
        Awaitility.await().alias("the backend stream was reset").atMost(Duration.ofSeconds(10)).until(() -> backend.closed);

        Invocation closed = relay.closedRecord(id);
        assertThat(closed.getStatusCode()).isEqualTo(1008);
        assertThat(closed.getErrorCode()).isEqualTo("subscription-blocked");
        assertThat(closed.getThrottled()).isFalse();
        assertThat(problem("/feed/1/blocked?apikey=" + RelayNode.BLOCKED_KEY, "GET").statusCode()).isEqualTo(403);
    }

    @Test
    void refusalsAndBackendFailuresAreProblems() {
        assertProblem("/feed/1/stream", "GET", 401, "credentials-missing");
        assertProblem("/feed/1/stream?apikey=" + RelayNode.KEY, "POST", 405, "method-not-allowed");
        assertProblem("/feed-down/1/stream?apikey=" + RelayNode.KEY, "GET", 502, "backend-unreachable");
        assertProblem("/feed/1/not-sse?apikey=" + RelayNode.KEY, "GET", 502, "backend-not-sse");
        assertProblem("/feed-slow/1/stream?apikey=" + RelayNode.KEY, "GET", 504, "backend-timeout");
    }

    private void assertProblem(String pathAndQuery, String method, int status, String code) {
        HttpResponse<String> response = problem(pathAndQuery, method);
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private HttpResponse<String> problem(String pathAndQuery, String method) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(relay.node.url() + pathAndQuery))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Lines open(String pathAndQuery, String requestId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.node.url() + pathAndQuery))
                .header("Accept", "text/event-stream").header("X-Request-ID", requestId);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Lines lines = new Lines();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(lines))
                .thenAccept(response -> lines.status = response.statusCode());
        return lines;
    }

    /** The lines of a stream as they arrive. */
    private static final class Lines implements Flow.Subscriber<String> {
        final Queue<String> lines = new ConcurrentLinkedQueue<>();
        volatile Flow.Subscription subscription;
        volatile boolean done;
        volatile int status;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable error) {
            done = true;
        }

        @Override
        public void onComplete() {
            done = true;
        }
    }
}
