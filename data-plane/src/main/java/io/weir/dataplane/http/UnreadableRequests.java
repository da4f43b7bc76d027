package io.weir.dataplane.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** The problem answering a request the HTTP decoder failed on, by the decoder's reason. */
final class UnreadableRequests {

    /** The decoder's reason is quoted up to this many characters (it may quote the request's bytes). */
    static final int MAX_REASON = 200;

    private UnreadableRequests() {
    }

    static GatewayProblem problem(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new GatewayProblem(414, "request-line-too-long", "Request line too long",
                    "The request line (method, target and version) is longer than this gateway accepts "
                            + "(quarkus.http.limits.max-initial-line-length).");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new GatewayProblem(431, "headers-too-large", "Request headers too large",
                    "The request's headers are larger than this gateway accepts (quarkus.http.limits.max-header-size).");
        }
        String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        return new GatewayProblem(400, "request-malformed", "Malformed request", "The request is not well-formed HTTP/1.1"
                + (reason.isEmpty() ? "." : ": " + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason)));
    }
}
