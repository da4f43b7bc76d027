package io.weir.dataplane.auth;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.dataplane.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * The control plane's public signing keys (its JWKS document), fetched in the background - at
 * start, every few minutes, and when a token names a key id not seen yet (at most every 10 s) - so
 * that token validation never waits on the network. The one call a gateway makes outside Kafka.
 */
@Singleton
public class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class);
    private static final long MIN_REFRESH_GAP_MILLIS = 10_000;

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jwks-refresh");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong lastAttempt = new AtomicLong();
    private volatile JsonWebKeySet keys = new JsonWebKeySet();

    JwksKeys(GatewayConfig config) {
        this.url = URI.create(config.jwksUrl());
    }

    void start(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::refresh, 0, 5, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    public JsonWebKeySet current() {
        return keys;
    }

    /** Asks for a refresh because a token named an unknown key; rate-limited. */
    public void unknownKeyId() {
        long now = System.currentTimeMillis();
        long last = lastAttempt.get();
        if (now - last >= MIN_REFRESH_GAP_MILLIS && lastAttempt.compareAndSet(last, now)) {
            timer.execute(this::refresh);
        }
    }

    private void refresh() {
        lastAttempt.set(System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                keys = new JsonWebKeySet(response.body());
            } else {
                LOG.warnf("JWKS %s answered %d; keeping the %d keys known", url, response.statusCode(), keys.getJsonWebKeys().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("JWKS %s not fetched (%s); keeping the %d keys known", url, e.toString(), keys.getJsonWebKeys().size());
        }
    }
}
