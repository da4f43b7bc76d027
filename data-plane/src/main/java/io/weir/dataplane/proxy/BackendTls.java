package io.weir.dataplane.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.File;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS towards https backends: the backend's certificate chain is verified (against the JVM's trust
 * store, or the PEM file {@code weir.gateway.proxy.trust-certificates} names) and so is its host name;
 * the server name goes out as SNI.
 */
final class BackendTls {

    private final SslContext context;

    BackendTls(Optional<String> trustedCertificatesPem) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustedCertificatesPem.isPresent()) {
                File pem = new File(trustedCertificatesPem.get());
                if (!pem.canRead()) {
                    throw new IllegalStateException("weir.gateway.proxy.trust-certificates: cannot read " + pem);
                }
                builder.trustManager(pem);
            }
            this.context = builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("weir.gateway.proxy.trust-certificates: not usable: " + e.getMessage(), e);
        }
    }

    /** A client-side TLS handler for one connection to {@code host:port}. */
    SslHandler handler(ByteBufAllocator allocator, String host, int port, long handshakeTimeoutMillis) {
        SslHandler handler = context.newHandler(allocator, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
