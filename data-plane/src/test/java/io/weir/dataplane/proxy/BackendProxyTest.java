package io.weir.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;
import io.weir.dataplane.testing.SelfSignedKeyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend side of the gateway against real sockets: a Vert.x server in front calls
 * {@link BackendProxy} as the edge node does, a Vert.x server behind plays the backend, and the JDK's
 * HTTP client (or a raw socket) is the caller.
 */
class BackendProxyTest {

    private static final int SMALL = 1024;
    private static final long MAX_BODY = 8L * 1024 * 1024;
    private static final long TIMEOUT_MILLIS = 700;

    @TempDir
    static Path certificates;

    private static Vertx vertx;
    private static int plainPort;
    private static int tlsPort;
    private static final AtomicInteger backendConnections = new AtomicInteger();
    private static final List<HttpConnection> openBackendConnections = new CopyOnWriteArrayList<>();
    private static final Map<String, String> echoed = new ConcurrentHashMap<>();
    private static final AtomicInteger streamsClosedEarly = new AtomicInteger();
    private static final AtomicInteger echoCompleted = new AtomicInteger();
    private static Path trustedPem;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void backends() throws Exception {
        vertx = Vertx.vertx();
        SelfSignedKeyStore certificate = SelfSignedKeyStore.create(certificates, "backend");
        Path keyStore = certificate.keyStore();
        trustedPem = certificate.certificatePem();
        plainPort = listen(new HttpServerOptions());
        tlsPort = listen(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(SelfSignedKeyStore.PASSWORD)));
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void reset() {
        backendConnections.set(0);
    }

    @Test
    void smallAnswersFlowOverOneKeptAliveConnection() throws Exception {
        Front front = front(config(256, null));
        for (int i = 0; i < 50; i++) {
            HttpResponse<byte[]> answer = get(front, "/small?i=" + i);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).hasSize(SMALL);
            assertThat(answer.headers().firstValue("x-backend")).contains("plain");
        }
        assertThat(backendConnections.get()).as("backend connections for 50 sequential calls").isEqualTo(1);
    }

    @Test
    void theBackendSeesTheBasePathQueryHostAndForwardedHeaders() throws Exception {
        Front front = front(config(256, null));
        HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(front.uri("/echo?a=1&b=2"))
                .header("X-Custom", "kept").header("Apikey", "stripped-by-the-node")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        String seen = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(seen).contains("uri=/base/echo?a=1&b=2", "host=127.0.0.1:" + plainPort, "x-custom=kept",
                "x-forwarded-for=127.0.0.1", "bytes=5").doesNotContain("apikey");
    }

    @Test
    void bodiesOfBothKindsStreamThroughIntact() throws Exception {
        Front front = front(config(256, null));
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        String expected = sha256(payload);

        HttpResponse<byte[]> sized = client.send(HttpRequest.newBuilder(front.uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(sized.body(), StandardCharsets.UTF_8)).contains("sha=" + expected, "chunked=false");

        HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(front.uri("/echo"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).contains("sha=" + expected, "chunked=true");

        HttpResponse<byte[]> big = get(front, "/big");
        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(big.body()).hasSize(8 * 1024 * 1024);
        assertThat(sha256(big.body())).isEqualTo(sha256(bigBody()));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndNeverReachesTheBackendWhole() throws Exception {
        Front front = front(config(256, null));
        int before = echoCompleted.get();
        byte[] payload = new byte[(int) MAX_BODY + 64 * 1024];
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(front.uri("/echo"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("body-too-large");
        assertThat(echoCompleted.get()).isEqualTo(before);
    }

    @Test
    void headAnd204CarryNoBodyAndTheConnectionStaysUsable() throws Exception {
        Front front = front(config(256, null));

        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(front.uri("/small"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).contains(Integer.toString(SMALL));
        assertThat(head.body()).isEmpty();
        assertThat(get(front, "/nothing").statusCode()).isEqualTo(204);
        assertThat(get(front, "/small").body()).hasSize(SMALL);
        assertThat(backendConnections.get()).isEqualTo(1);
    }

    @Test
    void timeoutsAndUnreachableBackendsAreProblems() throws Exception {
        Front slow = front(config(256, null));
        long started = System.nanoTime();
        HttpResponse<String> timedOut = client.send(HttpRequest.newBuilder(slow.uri("/silent")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(timedOut.body()).isEqualTo("backend-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(TIMEOUT_MILLIS));

        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Front nowhere = front(config(256, null), "http://127.0.0.1:" + closedPort);
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(nowhere.uri("/small")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).isEqualTo("backend-unreachable");

        Front unknown = front(config(256, null), "http://no-such-host.invalid:80");
        HttpResponse<String> unresolved = client.send(HttpRequest.newBuilder(unknown.uri("/small")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unresolved.statusCode()).isEqualTo(502);
        assertThat(unresolved.body()).isEqualTo("backend-unreachable");
    }

    @Test
    void callersQueuedBehindAFullPoolHearAtOnceThatTheBackendIsDown() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Front nowhere = front(config(1, null), "http://127.0.0.1:" + closedPort);
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 6)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(nowhere.uri("/small")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> answer = call.join();
            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).as("not a 504 after waiting out the timeout in the queue").isEqualTo("backend-unreachable");
        }
    }

    @Test
    void aBackendThatBreaksOffMidAnswerResetsTheClient() {
        Front front = front(config(256, null));
        assertThatThrownBy(() -> get(front, "/broken")).isInstanceOf(IOException.class);
    }

    @Test
    void aConnectionTheBackendClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
        Front front = front(config(256, null));
        assertThat(get(front, "/small").statusCode()).isEqualTo(200);
        openBackendConnections.forEach(HttpConnection::close);
        for (int i = 0; i < 5; i++) {
            assertThat(get(front, "/small").statusCode()).isEqualTo(200);
        }
        assertThat(get(front, "/closing").statusCode()).as("backend says Connection: close").isEqualTo(200);
        assertThat(get(front, "/small").statusCode()).isEqualTo(200);
    }

    @Test
    void anInformationalAnswerIsSkippedAndTheFinalOneRelayed() throws Exception {
        Front front = front(config(256, null));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(front.uri("/continued")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("after 100 Continue");
        }
        assertThat(backendConnections.get()).as("the connection stays usable after a 100 and its final answer").isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotHttpIs502() throws Exception {
        var garbage = vertx.createNetServer().connectHandler(socket -> socket.handler(request ->
                        socket.write("HTTP/1.1 abc what is this\r\nContent-Length: x\r\n\r\n")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        try {
            Front front = front(config(256, null), "http://127.0.0.1:" + garbage.actualPort());
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(front.uri("/anything")).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).isEqualTo("backend-failed");
        } finally {
            garbage.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void theStatusLineKeepsTheBackendsOwnReasonPhrase() throws Exception {
        Front front = front(config(256, null));
        assertThat(statusLine(front, "/custom-reason")).isEqualTo("HTTP/1.1 299 Fine Anyway");
        assertThat(statusLine(front, "/nothing")).isEqualTo("HTTP/1.1 204 No Content");
    }

    private static String statusLine(Front front, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", front.port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, answer.indexOf("\r\n"));
        }
    }

    @Test
    void aClientThatGoesAwayMidStreamClosesTheBackendConnection() throws Exception {
        Front front = front(config(256, null));
        int before = streamsClosedEarly.get();
        try (Socket socket = new Socket("127.0.0.1", front.port)) {
            socket.getOutputStream().write(("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream answer = socket.getInputStream();
            byte[] some = answer.readNBytes(4096);
            assertThat(new String(some, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        Awaitility.await().alias("the backend saw its endless stream cut").atMost(Duration.ofSeconds(10))
                .until(() -> streamsClosedEarly.get() > before);
    }

    @Test
    void concurrentCallsBeyondThePoolSizeWaitForAConnection() {
        Front front = front(config(2, null));
        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 12)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(front.uri("/delayed")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        calls.forEach(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(backendConnections.get()).as("connections opened with a pool of 2").isLessThanOrEqualTo(2);
    }

    @Test
    void httpsBackendsAreVerifiedAgainstTheTrustedCertificatesAndTheirHostName() throws Exception {
        Front trusting = front(config(256, trustedPem.toString()), "https://localhost:" + tlsPort);
        HttpResponse<byte[]> answer = get(trusting, "/small");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-backend")).contains("tls");
        assertThat(answer.body()).hasSize(SMALL);

        Front defaultTrust = front(config(256, null), "https://localhost:" + tlsPort);
        HttpResponse<byte[]> untrusted = get(defaultTrust, "/small");
        assertThat(untrusted.statusCode()).isEqualTo(502);
        assertThat(new String(untrusted.body(), StandardCharsets.UTF_8)).isEqualTo("backend-tls-failed");

        Front wrongName = front(config(256, trustedPem.toString()), "https://127.0.0.1:" + tlsPort);
        HttpResponse<byte[]> misnamed = get(wrongName, "/small");
        assertThat(misnamed.statusCode()).isEqualTo(502);
        assertThat(new String(misnamed.body(), StandardCharsets.UTF_8)).isEqualTo("backend-tls-failed");
    }

    @Test
    void anUnreadableTrustFileStopsTheNodeWithAClearMessage() {
        assertThatThrownBy(() -> new BackendProxy(vertx, config(256, "/no/such/ca.pem")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("weir.gateway.proxy.trust-certificates");
    }

    // --- the pieces ---

    private HttpResponse<byte[]> get(Front front, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(front.uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private record Front(int port) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    private Front front(ProxyConfig config) {
        return front(config, "http://127.0.0.1:" + plainPort);
    }

    /** The edge node's part: pause the request, forward it, answer a failure with its code. */
    private Front front(ProxyConfig config, String backendUrl) {
        BackendProxy proxy = new BackendProxy(vertx, config);
        BackendUrl backend = BackendUrl.parse(backendUrl + "/base");
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            request.pause();
            var headers = ForwardedHeaders.toBackend(request.headers(), "apikey", false,
                    request.remoteAddress().hostAddress(), "http", request.host());
            proxy.forward(request, request.response(), new BackendProxy.Forward(backend, request.uri(), headers,
                    TIMEOUT_MILLIS, MAX_BODY, response -> response.putHeader("X-Front", "1")), outcome -> {
                if (outcome instanceof Failed failed) {
                    if (!request.isEnded()) {
                        request.response().putHeader("Connection", "close");
                    }
                    request.response().setStatusCode(failed.status()).end(failed.code());
                }
            });
        });
        return new Front(server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort());
    }

    private static ProxyConfig config(int maxConnections, String trustPem) {
        return new ProxyConfig() {
            @Override
            public int maxConnectionsPerBackend() {
                return maxConnections;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration keepAliveTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Optional<String> trustCertificates() {
                return Optional.ofNullable(trustPem);
            }
        };
    }

    private static int listen(HttpServerOptions options) {
        String name = options.isSsl() ? "tls" : "plain";
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    backendConnections.incrementAndGet();
                    openBackendConnections.add(connection);
                    connection.closeHandler(closed -> openBackendConnections.remove(connection));
                })
                .requestHandler(request -> backend(request, name));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    private static void backend(HttpServerRequest request, String name) {
        var response = request.response().putHeader("X-Backend", name);
        switch (request.path()) {
            case "/base/small" -> {
                if (request.method() == io.vertx.core.http.HttpMethod.HEAD) {
                    response.putHeader("Content-Length", Integer.toString(SMALL)).end(); // the size a GET would get
                } else {
                    response.end(Buffer.buffer(new byte[SMALL]));
                }
            }
            case "/base/nothing" -> response.setStatusCode(204).end();
            case "/base/custom-reason" -> response.setStatusCode(299).setStatusMessage("Fine Anyway").end("ok");
            case "/base/continued" -> response.writeContinue().end("after 100 Continue");
            case "/base/closing" -> response.putHeader("Connection", "close").end("bye");
            case "/base/big" -> {
                response.setChunked(true);
                byte[] body = bigBody();
                for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                    response.write(Buffer.buffer(java.util.Arrays.copyOfRange(body, offset, offset + 64 * 1024)));
                }
                response.end();
            }
            case "/base/echo" -> {
                MessageDigest digest = sha256();
                long[] bytes = {0};
                request.handler(chunk -> {
                    digest.update(chunk.getBytes());
                    bytes[0] += chunk.length();
                });
                request.endHandler(end -> {
                    echoCompleted.incrementAndGet();
                    StringBuilder seen = new StringBuilder("uri=" + request.uri() + "\n");
                    request.headers().forEach(h -> seen.append(h.getKey().toLowerCase()).append('=').append(h.getValue()).append('\n'));
                    seen.append("bytes=").append(bytes[0]).append('\n')
                            .append("sha=").append(HexFormat.of().formatHex(digest.digest())).append('\n')
                            .append("chunked=").append(request.getHeader("Transfer-Encoding") != null).append('\n');
                    response.end(seen.toString());
                });
            }
            case "/base/silent" -> { } // never answers
            case "/base/delayed" -> vertx.setTimer(50, t -> response.end("late"));
            case "/base/broken" -> {
                response.setChunked(true).write("the first part of a longer answer");
                vertx.setTimer(50, t -> request.connection().close());
            }
            case "/base/endless" -> {
                response.setChunked(true);
                long periodic = vertx.setPeriodic(10, t -> {
                    if (!response.closed()) {
                        response.write(Buffer.buffer(new byte[512]));
                    }
                });
                response.closeHandler(closed -> {
                    vertx.cancelTimer(periodic);
                    streamsClosedEarly.incrementAndGet();
                });
            }
            default -> response.setStatusCode(404).end();
        }
    }

    private static byte[] bigBody() {
        byte[] body = new byte[8 * 1024 * 1024];
        new Random(11).nextBytes(body);
        return body;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
