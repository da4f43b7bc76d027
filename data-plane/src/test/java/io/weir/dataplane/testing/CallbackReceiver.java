package io.weir.dataplane.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.websub.secret.Signature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber's callback, as a real HTTP server (Vert.x) on 127.0.0.1: per path it echoes intent
 * verification challenges (or not), accepts or refuses deliveries, answers slowly if asked, and
 * keeps every delivery with whether its X-Hub-Signature-256 matched the path's secret (or, for a
 * benchmark, only counts them: {@link #keepDeliveries(boolean)}).
 */
public final class CallbackReceiver implements AutoCloseable {

    public enum Mode { UP, DOWN, WRONG_ECHO, SLOW, HANG }

    public record Verification(String path, Map<String, String> params) {
    }

    public record Delivery(String deliveryId, String body, boolean signatureValid, String contentType, String link) {
    }

    /** Deliveries accepted, and those among them whose signature did not match. */
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong badSignatures = new AtomicLong();
    private volatile boolean keep = true;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final Map<String, Signature.Signer> signers = new ConcurrentHashMap<>();
    public final List<Verification> verifications = new CopyOnWriteArrayList<>();
    private final Map<String, List<Delivery>> deliveries = new ConcurrentHashMap<>();

    public CallbackReceiver() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    public void mode(String path, Mode mode) {
        modes.put(path, mode);
    }

    public void secret(String path, String secret) {
        signers.put(path, Signature.signer(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether each delivery is kept for {@link #deliveries(String)} (true) or only counted. */
    public void keepDeliveries(boolean keep) {
        this.keep = keep;
    }

    /** A snapshot of the deliveries kept for a path, in arrival order. */
    public List<Delivery> deliveries(String path) {
        List<Delivery> kept = deliveries.get(path);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    private void handle(HttpServerRequest request) {
        Mode mode = modes.getOrDefault(request.path(), Mode.UP);
        if (request.method().name().equals("GET")) {
            verifications.add(new Verification(request.path(), Map.of(
                    "hub.mode", String.valueOf(request.getParam("hub.mode")), "hub.topic", String.valueOf(request.getParam("hub.topic")),
                    "hub.challenge", String.valueOf(request.getParam("hub.challenge")),
                    "hub.lease_seconds", String.valueOf(request.getParam("hub.lease_seconds")))));
            String challenge = request.getParam("hub.challenge");
            request.response().setStatusCode(200).end(mode == Mode.WRONG_ECHO || challenge == null ? "nope" : challenge);
            return;
        }
        request.body().onSuccess(body -> {
            if (mode == Mode.HANG) {
                return; // never answers: the hub's delivery timeout decides
            }
            if (mode == Mode.DOWN) {
                request.response().setStatusCode(503).end();
                return;
            }
            Signature.Signer signer = signers.get(request.path());
            String signature = request.getHeader(Signature.HEADER);
            boolean valid;
            if (signer == null) {
                valid = signature == null;
            } else {
                synchronized (signer) { // one MAC per path, keyed once: the receiver shares the benchmark's two cores with the node
                    valid = signer.sign(body.getBytes()).equals(signature);
                }
            }
            accepted.incrementAndGet();
            if (!valid) {
                badSignatures.incrementAndGet();
            }
            if (keep) {
                List<Delivery> kept = deliveries.computeIfAbsent(request.path(), p -> new ArrayList<>());
                synchronized (kept) {
                    kept.add(new Delivery(request.getHeader("X-Weir-Delivery-Id"), body.toString(StandardCharsets.UTF_8), valid,
                            request.getHeader("Content-Type"), request.getHeader("Link")));
                }
            }
            if (mode == Mode.SLOW) {
                vertx.setTimer(150, id -> request.response().setStatusCode(204).end());
            } else {
                request.response().setStatusCode(204).end();
            }
        });
    }

    @Override
    public void close() {
        vertx.close();
    }
}
