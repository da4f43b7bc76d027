package io.weir.e2e.streaming;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WebSub subscriber as a careful implementer writes one: answers the hub's intent verification
 * with the challenge, checks {@code X-Hub-Signature-256} on every delivery (HMAC-SHA256 of the body
 * with its secret; a bad signature is refused and counted), and dedupes by delivery id. It can be
 * "down" (answers 503) to test retries.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Delivery(String deliveryId, String body, long receivedAt) {
    }

    private final HttpServer server;
    private final String secret;
    private final String deliveryIdHeader;
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger refusedWhileDown = new AtomicInteger();
    private final AtomicInteger verifications = new AtomicInteger();
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;

    public WebhookReceiver(String secret, String deliveryIdHeader) throws IOException {
        this.secret = secret;
        this.deliveryIdHeader = deliveryIdHeader;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String callback(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How long each delivery takes to answer (a slow subscriber). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public void down(boolean down) {
        this.down = down;
    }

    public List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    public int duplicates() {
        return duplicates.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    public int refusedWhileDown() {
        return refusedWhileDown.get();
    }

    public int verifications() {
        return verifications.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            verifications.incrementAndGet();
            answer(exchange, 200, query.getOrDefault("hub.challenge", "").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis()); // the subscriber's own slowness, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            refusedWhileDown.incrementAndGet();
            answer(exchange, 503, new byte[0]);
            return;
        }
        String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature-256");
        if (signature == null || !signature.equals("sha256=" + hmac(body))) {
            badSignatures.incrementAndGet();
            answer(exchange, 403, new byte[0]);
            return;
        }
        String deliveryId = exchange.getRequestHeaders().getFirst(deliveryIdHeader);
        if (deliveryId != null && !seen.add(deliveryId)) {
            duplicates.incrementAndGet();
        } else {
            accepted.add(new Delivery(deliveryId, new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
        }
        answer(exchange, 204, new byte[0]);
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
