package io.weir.dataplane.websub.hub;

import io.weir.dataplane.websub.callback.CallbackPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A WebSub subscription request (W3C WebSub §5.1) read from its form-encoded body. {@link #parse}
 * answers either the request or the first field that is missing or invalid - never an exception.
 */
public record HubRequest(Mode mode, String topic, String callback, String secret, int leaseSeconds) {

    /** WebSub allows hub.secret up to 200 bytes. */
    public static final int MAX_SECRET_BYTES = 200;

    public enum Mode { SUBSCRIBE, UNSUBSCRIBE }

    /** What parsing gave: a request, or the field at fault and why. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(HubRequest request) implements Parsed {
    }

    public record Invalid(String field, String detail) implements Parsed {
    }

    public static Parsed parse(String body, int defaultLease, int maxLease) {
        Map<String, String> form;
        try {
            form = form(body);
        } catch (IllegalArgumentException e) {
            return new Invalid("body", "The body is not application/x-www-form-urlencoded.");
        }
        String mode = form.get("hub.mode");
        if (blank(mode)) {
            return new Invalid("hub.mode", "hub.mode is required (subscribe or unsubscribe).");
        }
        if (!mode.equals("subscribe") && !mode.equals("unsubscribe")) {
            return new Invalid("hub.mode", "hub.mode must be subscribe or unsubscribe, not '" + mode + "'.");
        }
        String topic = form.get("hub.topic");
        if (blank(topic)) {
            return new Invalid("hub.topic", "hub.topic is required.");
        }
        String callback = form.get("hub.callback");
        if (blank(callback)) {
            return new Invalid("hub.callback", "hub.callback is required.");
        }
        String urlProblem = CallbackPolicy.urlProblem(callback);
        if (urlProblem != null) {
            return new Invalid("hub.callback", urlProblem);
        }
        String secret = form.get("hub.secret");
        if (secret != null && (secret.isEmpty() || secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES)) {
            return new Invalid("hub.secret", "hub.secret must be 1 to " + MAX_SECRET_BYTES + " bytes.");
        }
        int lease = defaultLease;
        String leaseText = form.get("hub.lease_seconds");
        if (!blank(leaseText)) {
            try {
                lease = Integer.parseInt(leaseText.trim());
            } catch (NumberFormatException e) {
                return new Invalid("hub.lease_seconds", "hub.lease_seconds must be a whole number of seconds.");
            }
            if (lease <= 0) {
                return new Invalid("hub.lease_seconds", "hub.lease_seconds must be positive.");
            }
        }
        return new Valid(new HubRequest(mode.equals("subscribe") ? Mode.SUBSCRIBE : Mode.UNSUBSCRIBE, topic.trim(),
                callback.trim(), secret, Math.min(lease, maxLease)));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() { // never the secret in clear, wherever a request is logged
        return "HubRequest[" + mode + " " + topic + " " + callback + " secret=" + (secret == null ? "none" : "***")
                + " lease=" + leaseSeconds + "]";
    }
}
