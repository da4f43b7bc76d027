package io.weir.dataplane.proxy;

import io.vertx.core.http.HttpServerRequest;

/** Whether a request carries a body at all (RFC 9112 section 6: only Content-Length or Transfer-Encoding announce one). */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader("Transfer-Encoding") != null;
    }
}
