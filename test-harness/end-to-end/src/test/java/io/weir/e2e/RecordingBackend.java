package io.weir.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A backend for gateway scenarios: answers every request with a small JSON echo and remembers what
 * reached it (method, path with query, headers, body size), so a test can prove what was - and was
 * not - forwarded.
 */
final class RecordingBackend implements AutoCloseable {

    /** One request as the backend saw it. */
    record Received(String method, String pathAndQuery, Map<String, List<String>> headers, long bodyBytes) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    RecordingBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String basePath) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int count() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                Map.copyOf(exchange.getRequestHeaders()), bytes));
        byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getRawPath() + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
