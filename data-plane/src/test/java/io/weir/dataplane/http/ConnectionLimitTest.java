package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Vert.x server with the limit as its connection handler, and plain sockets as its clients. */
class ConnectionLimitTest {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedOnArrivalAndCounted() throws Exception {
        ConnectionLimit limit = new ConnectionLimit(OptionalInt.of(2), meters);
        int port = serve(limit);
        Socket first = connect(port);
        Socket second = connect(port);
        assertThat(exchange(first)).startsWith("HTTP/1.1 200");
        assertThat(exchange(second)).startsWith("HTTP/1.1 200");

        Socket third = connect(port);
        assertThat(closedUnanswered(third)).as("the third connection is closed before any answer").isTrue();
        assertThat(meters.counter("weir.gateway.connections.rejected").count()).isEqualTo(1);
        assertThat(meters.get("weir.gateway.connections.open").gauge().value()).isEqualTo(2);
        // the two admitted ones keep being served
        assertThat(exchange(first)).startsWith("HTTP/1.1 200");

        first.close();
        Awaitility.await().alias("a closed connection leaves room").atMost(Duration.ofSeconds(10))
                .until(() -> limit.open() == 1);
        assertThat(exchange(connect(port))).startsWith("HTTP/1.1 200");
        assertThat(meters.counter("weir.gateway.connections.rejected").count()).isEqualTo(1);
    }

    @Test
    void aConnectionWhoseCloseHandlerTheGatewayTakesIsStillCountedOut() throws Exception {
        ConnectionLimit limit = new ConnectionLimit(OptionalInt.of(1), meters);
        // as the relays do with their client's connection: the single closeHandler is theirs
        int port = serve(limit, true);
        Socket first = connect(port);
        assertThat(exchange(first)).startsWith("HTTP/1.1 200");
        first.close();
        Awaitility.await().alias("counted out though its closeHandler was replaced").atMost(Duration.ofSeconds(10))
                .until(() -> limit.open() == 0);
        assertThat(exchange(connect(port))).startsWith("HTTP/1.1 200");
    }

    @Test
    void withoutALimitNothingIsRefused() throws Exception {
        ConnectionLimit limit = new ConnectionLimit(OptionalInt.empty(), meters);
        int port = serve(limit);
        for (int i = 0; i < 50; i++) {
            assertThat(exchange(connect(port))).startsWith("HTTP/1.1 200");
        }
        assertThat(limit.open()).isEqualTo(50);
        assertThat(meters.counter("weir.gateway.connections.rejected").count()).isZero();
    }

    @Test
    void aLimitOfZeroOrLessIsIgnoredAsQuarkusIgnoresIt() throws Exception {
        int port = serve(new ConnectionLimit(OptionalInt.of(0), meters));
        assertThat(exchange(connect(port))).startsWith("HTTP/1.1 200");
    }

    private int serve(ConnectionLimit limit) throws Exception {
        return serve(limit, false);
    }

    private int serve(ConnectionLimit limit, boolean takeCloseHandler) throws Exception {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .connectionHandler(limit)
                .requestHandler(request -> {
                    if (takeCloseHandler) {
                        request.connection().closeHandler(closed -> { });
                    }
                    request.response().end("ok");
                })
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    /** One keep-alive request and its whole answer (the body is two bytes). */
    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        StringBuilder answer = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!answer.toString().endsWith("\r\n\r\nok")) {
            int read = in.read();
            if (read < 0) {
                return answer.toString();
            }
            answer.append((char) read);
        }
        return answer.toString();
    }

    private static boolean closedUnanswered(Socket socket) throws IOException {
        try {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            return true; // closed before or while the request was written
        }
    }
}
