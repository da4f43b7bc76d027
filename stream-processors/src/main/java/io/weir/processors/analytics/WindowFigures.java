package io.weir.processors.analytics;

import io.weir.schema.analytics.InvocationAggregate;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * The running figures of one window of one dimension value in one partition: counters, and the
 * gateway and backend latency distributions as HdrHistograms (microseconds, 2 significant digits,
 * auto-resizing) that merge exactly with the same window's partials of other partitions and with
 * other windows — a p99 over any range is the p99 of the merged histogram, never an average.
 */
final class WindowFigures {

    static final int SIGNIFICANT_DIGITS = 2;

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
    long openConnections;
    long messagesInbound;
    long messagesOutbound;
    long bytesInbound;
    long bytesOutbound;
    long late;
    long duplicates;
    final Histogram gatewayLatency;
    final Histogram backendLatency;

    WindowFigures() {
        this(new Histogram(SIGNIFICANT_DIGITS), new Histogram(SIGNIFICANT_DIGITS));
    }

    private WindowFigures(Histogram gatewayLatency, Histogram backendLatency) {
        this.gatewayLatency = gatewayLatency;
        this.backendLatency = backendLatency;
    }

    /** Counts an invocation that arrived in time; {@code openConnections} is the gauge after it. */
    void count(Invocation invocation, long openConnections) {
        switch (invocation.getKind()) {
            case REQUEST -> {
                requests++;
                gatewayLatency.recordValue(Math.max(0, invocation.getGatewayLatencyMicros()));
                if (invocation.getBackendLatencyMicros() != null) {
                    backendLatency.recordValue(Math.max(0, invocation.getBackendLatencyMicros()));
                }
            }
            case MESSAGE -> {
                messages += invocation.getMessageCount();
                if (invocation.getDirection() == MessageDirection.INBOUND) {
                    messagesInbound += invocation.getMessageCount();
                    bytesInbound += invocation.getRequestBytes();
                } else if (invocation.getDirection() == MessageDirection.OUTBOUND) {
                    messagesOutbound += invocation.getMessageCount();
                    bytesOutbound += invocation.getResponseBytes();
                }
            }
            case CONNECTION_OPENED -> connectionsOpened++;
            case CONNECTION_CLOSED -> connectionsClosed++;
            default -> { } // a kind this version does not know: bytes and outcome still count
        }
        switch (InvocationOutcome.of(invocation)) {
            case THROTTLED -> throttled++;
            case AUTH_FAILURE -> authFailures++;
            case CLIENT_ERROR -> clientErrors++;
            case SERVER_ERROR -> serverErrors++;
            default -> { }
        }
        if (invocation.getKind() != InvocationKind.CONNECTION_CLOSED) {
            // a closing record repeats its connection's totals, already counted by its MESSAGE records
            requestBytes += invocation.getRequestBytes();
            responseBytes += invocation.getResponseBytes();
        }
        this.openConnections = openConnections;
    }

    InvocationAggregate toRecord(WindowKey key, int partition, Instant updatedAt) {
        DimensionKey dimension = key.dimension();
        return InvocationAggregate.newBuilder()
                .setOrganization(dimension.organization()).setEnvironment(dimension.environment())
                .setDimension(dimension.dimension()).setApiId(dimension.apiId()).setDimensionValue(dimension.value())
                .setWindowSize(key.size()).setWindowStart(Instant.ofEpochMilli(key.start())).setSourcePartition(partition)
                .setRequests(requests).setMessages(messages).setClientErrors(clientErrors).setServerErrors(serverErrors)
                .setThrottled(throttled).setAuthFailures(authFailures)
                .setRequestBytes(requestBytes).setResponseBytes(responseBytes)
                .setGatewayLatency(encode(gatewayLatency)).setBackendLatency(encode(backendLatency))
                .setConnectionsOpened(connectionsOpened).setConnectionsClosed(connectionsClosed)
                .setOpenConnections(openConnections)
                .setMessagesInbound(messagesInbound).setMessagesOutbound(messagesOutbound)
                .setBytesInbound(bytesInbound).setBytesOutbound(bytesOutbound)
                .setLate(late).setDuplicates(duplicates).setUpdatedAt(updatedAt)
                .build();
    }

    static WindowFigures fromRecord(InvocationAggregate record) {
        WindowFigures figures = new WindowFigures(decode(record.getGatewayLatency()), decode(record.getBackendLatency()));
        figures.requests = record.getRequests();
        figures.messages = record.getMessages();
        figures.clientErrors = record.getClientErrors();
        figures.serverErrors = record.getServerErrors();
        figures.throttled = record.getThrottled();
        figures.authFailures = record.getAuthFailures();
        figures.requestBytes = record.getRequestBytes();
        figures.responseBytes = record.getResponseBytes();
        figures.connectionsOpened = record.getConnectionsOpened();
        figures.connectionsClosed = record.getConnectionsClosed();
        figures.openConnections = record.getOpenConnections();
        figures.messagesInbound = record.getMessagesInbound();
        figures.messagesOutbound = record.getMessagesOutbound();
        figures.bytesInbound = record.getBytesInbound();
        figures.bytesOutbound = record.getBytesOutbound();
        figures.late = record.getLate();
        figures.duplicates = record.getDuplicates();
        return figures;
    }

    /**
     * V2 encoding (counts as zig-zag LEB128, runs of empty buckets as one negative number); an empty
     * histogram is zero bytes. Not the deflate-compressed variant: a Deflater per window per
     * checkpoint cost more CPU than everything else a checkpoint does, for little gain in size.
     */
    static ByteBuffer encode(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return ByteBuffer.wrap(buffer.array(), 0, length).slice();
    }

    static Histogram decode(ByteBuffer bytes) {
        if (bytes == null || !bytes.hasRemaining()) {
            return new Histogram(SIGNIFICANT_DIGITS);
        }
        Histogram histogram = Histogram.decodeFromByteBuffer(bytes.duplicate(), 0);
        histogram.setAutoResize(true);
        return histogram;
    }
}
