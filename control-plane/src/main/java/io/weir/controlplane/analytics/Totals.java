package io.weir.controlplane.analytics;

import io.weir.schema.analytics.InvocationAggregate;
import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;

/**
 * The sum of any set of window aggregates (partials of several partitions, several windows):
 * counters add up, latency histograms merge — so a percentile over a range is read from the merged
 * distribution, exact to the histograms' 2 significant digits, never an average of percentiles.
 */
final class Totals {

    long requests;
    long messages;
    long clientErrors;
    long serverErrors;
    long throttled;
    long authFailures;
    long requestBytes;
    long responseBytes;
    long connectionsOpened;
    long connectionsClosed;
    long messagesInbound;
    long messagesOutbound;
    long bytesInbound;
    long bytesOutbound;
    long late;
    long duplicates;
    final Histogram gatewayLatency = new Histogram(2);
    final Histogram backendLatency = new Histogram(2);

    Totals add(InvocationAggregate aggregate) {
        requests += aggregate.getRequests();
        messages += aggregate.getMessages();
        clientErrors += aggregate.getClientErrors();
        serverErrors += aggregate.getServerErrors();
        throttled += aggregate.getThrottled();
        authFailures += aggregate.getAuthFailures();
        requestBytes += aggregate.getRequestBytes();
        responseBytes += aggregate.getResponseBytes();
        connectionsOpened += aggregate.getConnectionsOpened();
        connectionsClosed += aggregate.getConnectionsClosed();
        messagesInbound += aggregate.getMessagesInbound();
        messagesOutbound += aggregate.getMessagesOutbound();
        bytesInbound += aggregate.getBytesInbound();
        bytesOutbound += aggregate.getBytesOutbound();
        late += aggregate.getLate();
        duplicates += aggregate.getDuplicates();
        merge(gatewayLatency, aggregate.getGatewayLatency());
        merge(backendLatency, aggregate.getBackendLatency());
        return this;
    }

    long errors() {
        return clientErrors + serverErrors + throttled + authFailures;
    }

    private static void merge(Histogram into, ByteBuffer encoded) {
        if (encoded == null || !encoded.hasRemaining()) {
            return;
        }
        into.add(Histogram.decodeFromByteBuffer(encoded.duplicate(), 0));
    }
}
