package io.weir.dataplane.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.weir.dataplane.proxy.ProxyOutcome.Failed;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** What the client is told when the backend could not be reached or broke off before it answered. */
final class BackendFailures {

    private BackendFailures() {
    }

    static Failed failure(Throwable error, long micros) {
        if (error instanceof ConnectTimeoutException) {
            return new Failed(504, "backend-timeout", "The backend did not accept a connection in time.", micros);
        }
        if (error instanceof ConnectException || error instanceof UnknownHostException
                || error instanceof NoRouteToHostException) {
            return new Failed(502, "backend-unreachable", "The backend could not be reached.", micros);
        }
        if (error instanceof BackendConnector.BackendTlsFailure) {
            return new Failed(502, "backend-tls-failed",
                    "The TLS handshake with the backend failed (certificate not trusted or not for its host).", micros);
        }
        return new Failed(502, "backend-failed", "The backend connection failed before it answered.", micros);
    }
}
