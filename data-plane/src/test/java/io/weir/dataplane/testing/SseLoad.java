package io.weir.dataplane.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.parsetools.RecordParser;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE clients on one Vert.x instance with few event loops, for on-demand benchmarks: counts
 * connections held and failed, events and their produce-to-client latency ({@link Latencies}).
 */
public final class SseLoad implements AutoCloseable {

    public final AtomicInteger connected = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    public final Latencies latencies = new Latencies();
    private final Vertx vertx;
    private final HttpClient client;

    public SseLoad(int connections, int eventLoops) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(connections).setKeepAlive(true)
                .setConnectTimeout(60_000).setPoolEventLoopSize(eventLoops), new io.vertx.core.http.PoolOptions()
                .setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    public void open(String host, int port, String uri, int connections) {
        for (int i = 0; i < connections; i++) {
            client.request(HttpMethod.GET, port, host, uri)
                    .compose(request -> request.putHeader("Accept", "text/event-stream").send())
                    .onSuccess(response -> {
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                            return;
                        }
                        connected.incrementAndGet();
                        response.endHandler(v -> closed.incrementAndGet());
                        response.exceptionHandler(e -> closed.incrementAndGet());
                        response.handler(RecordParser.newDelimited("\n", this::line));
                    })
                    .onFailure(e -> failed.incrementAndGet());
        }
    }

    private void line(Buffer line) {
        if (line.length() > 6 && line.getByte(0) == 'd') {
            latencies.record(line.toString());
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
