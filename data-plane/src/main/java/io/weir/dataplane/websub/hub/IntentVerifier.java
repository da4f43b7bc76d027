package io.weir.dataplane.websub.hub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * WebSub intent verification (§5.3): GET the callback with hub.mode, hub.topic, hub.challenge and
 * (for a subscription) hub.lease_seconds; the subscriber confirms only by answering 2xx with the
 * challenge as the whole body. Redirects are not followed (the callback was checked, its target
 * was not). Also sends the §5.2 denial notice ({@code hub.mode=denied}).
 */
public final class IntentVerifier {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BODY = 4096;

    private final HttpClient client;
    private final long timeoutMillis;

    public IntentVerifier(HttpClient client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    /** Succeeds with null when confirmed, or with the reason it was not. */
    public Future<String> verify(HubRequest request) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String challenge = HexFormat.of().formatHex(bytes);
        String mode = request.mode() == HubRequest.Mode.SUBSCRIBE ? "subscribe" : "unsubscribe";
        String query = "hub.mode=" + mode + "&hub.topic=" + encode(request.topic()) + "&hub.challenge=" + challenge
                + (request.mode() == HubRequest.Mode.SUBSCRIBE ? "&hub.lease_seconds=" + request.leaseSeconds() : "");
        return get(request.callback(), query).compose(response -> {
            if (response.status() < 200 || response.status() > 299) {
                return Future.succeededFuture("the callback answered " + response.status());
            }
            return Future.succeededFuture(challenge.equals(response.body().trim()) ? null
                    : "the callback did not echo hub.challenge");
        }, error -> Future.succeededFuture("the callback could not be reached: " + error.getMessage()));
    }

    /** Best effort: tells the subscriber its request was refused. */
    public void deny(HubRequest request, String reason) {
        get(request.callback(), "hub.mode=denied&hub.topic=" + encode(request.topic()) + "&hub.reason=" + encode(reason));
    }

    private record Answer(int status, String body) {
    }

    private Future<Answer> get(String callback, String query) {
        String url = callback + (callback.contains("?") ? "&" : "?") + query;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(timeoutMillis).setFollowRedirects(false);
        return client.request(options).compose(req -> req.send().compose(response -> response.body()
                .map(body -> new Answer(response.statusCode(),
                        body.length() > MAX_BODY ? "" : body.toString(StandardCharsets.UTF_8)))));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
