package io.weir.dataplane.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.parsetools.RecordParser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many SSE clients on one Vert.x instance for the on-demand benchmark: counts events and records
 * produce-to-client latency (now minus the record's timestamp, set by the producer) in 1 ms buckets.
 */
final class SseLoad implements AutoCloseable {

    private static final byte[] TIMESTAMP = "\"timestamp\":".getBytes();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicLong events = new AtomicLong();
    final AtomicLongArray latencyMillis = new AtomicLongArray(60_000);
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;

    SseLoad(int connections) {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(connections).setKeepAlive(true));
    }

    void open(String host, int port, String uri, int connections) {
        for (int i = 0; i < connections; i++) {
            client.request(HttpMethod.GET, port, host, uri)
                    .compose(request -> request.putHeader("Accept", "text/event-stream").send())
                    .onSuccess(response -> {
                        connected.incrementAndGet();
                        RecordParser lines = RecordParser.newDelimited("\n", this::line);
                        response.handler(lines);
                    });
        }
    }

    private void line(Buffer line) {
        if (line.length() < 6 || line.getByte(0) != 'd') {
            return;
        }
        String text = line.toString();
        int at = text.indexOf("\"timestamp\":");
        if (at < 0) {
            return;
        }
        int start = at + TIMESTAMP.length;
        int end = text.indexOf(',', start);
        long latency = System.currentTimeMillis() - Long.parseLong(text.substring(start, end));
        latencyMillis.incrementAndGet((int) Math.max(0, Math.min(latencyMillis.length() - 1, latency)));
        events.incrementAndGet();
    }

    long percentile(double p) {
        long total = 0;
        for (int i = 0; i < latencyMillis.length(); i++) {
            total += latencyMillis.get(i);
        }
        long target = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < latencyMillis.length(); i++) {
            seen += latencyMillis.get(i);
            if (seen >= target) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
