package io.weir.e2e.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real browser running a script, reporting back: serves a page whose script the test writes
 * (e.g. an {@code EventSource} or a {@code WebSocket} on the gateway), opens it in Debian's headless
 * Chromium, and collects what the script sends to {@code report(x)} ({@code POST /report}) until the
 * test closes it. The page's origin is this server's, so the API under test must allow it by CORS
 * ({@link #origin()}) for EventSource; WebSocket handshakes carry it as {@code Origin}.
 */
public final class BrowserPage implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("weir.chromium", "/usr/bin/chromium"));

    private final HttpServer server;
    private final String html;
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private Process chromium;
    private Path profile;

    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** @param script the page's script; it may call {@code report(anyJsonValue)} any number of times */
    public BrowserPage(String script) throws IOException {
        this.html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>weir e2e</title></head><body><script>\n"
                + "function report(value) { fetch('/report', {method: 'POST', body: JSON.stringify(value)}); }\n"
                + "window.onerror = function (message) { report({error: String(message)}); };\n"
                + script + "\n</script></body></html>";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Opens the page in a new headless Chromium. */
    public BrowserPage open() throws IOException {
        profile = Files.createTempDirectory("weir-chromium-");
        chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", origin() + "/page")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return this;
    }

    /** What the page reported so far, in arrival order (JSON texts). */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    @Override
    public void close() throws InterruptedException {
        if (chromium != null) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            chromium.waitFor(30, TimeUnit.SECONDS);
        }
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/report") && exchange.getRequestMethod().equals("POST")) {
            try (InputStream in = exchange.getRequestBody()) {
                reports.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            answer(exchange, 204, "text/plain", new byte[0]);
        } else if (path.equals("/page")) {
            answer(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        } else {
            answer(exchange, 404, "text/plain", new byte[0]);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
