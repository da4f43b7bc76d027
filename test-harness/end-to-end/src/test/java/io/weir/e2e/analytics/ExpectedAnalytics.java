package io.weir.e2e.analytics;

import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;

/**
 * The analytics figures of a known set of invocations, computed here independently of the
 * processor from the documented rules: per partition of weir.invocation-batches (key = API id), in the
 * order produced, stream time is the newest timestamp so far; a window of a size is closed once
 * stream time reaches its end plus the size's grace (default 1 min / 10 min / 1 h), and then an
 * invocation of it only counts as late; a repeated invocation id only counts as a duplicate.
 */
final class ExpectedAnalytics {

    enum Size {
        MINUTE(Duration.ofMinutes(1), Duration.ofMinutes(1)),
        HOUR(Duration.ofHours(1), Duration.ofMinutes(10)),
        DAY(Duration.ofDays(1), Duration.ofHours(1));

        final long length;
        final long grace;

        Size(Duration length, Duration grace) {
            this.length = length.toMillis();
            this.grace = grace.toMillis();
        }

        long start(long timestamp) {
            return timestamp - Math.floorMod(timestamp, length);
        }
    }

    /** The figures of a set of windows. */
    static final class Figures {
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
        final Histogram gateway = new Histogram(2);
        final Histogram backend = new Histogram(2);

        long errors() {
            return clientErrors + serverErrors + throttled + authFailures;
        }

        void count(Invocation invocation) {
            switch (invocation.getKind()) {
                case REQUEST -> {
                    requests++;
                    gateway.recordValue(invocation.getGatewayLatencyMicros());
                    if (invocation.getBackendLatencyMicros() != null) {
                        backend.recordValue(invocation.getBackendLatencyMicros());
                    }
                }
                case MESSAGE -> {
                    messages += invocation.getMessageCount();
                    if (invocation.getDirection() == MessageDirection.INBOUND) {
                        messagesInbound += invocation.getMessageCount();
                        bytesInbound += invocation.getRequestBytes();
                    } else {
                        messagesOutbound += invocation.getMessageCount();
                        bytesOutbound += invocation.getResponseBytes();
                    }
                }
                case CONNECTION_OPENED -> connectionsOpened++;
                case CONNECTION_CLOSED -> connectionsClosed++;
                default -> { }
            }
            int status = invocation.getStatusCode();
            if (invocation.getThrottled()) {
                throttled++;
            } else if (status == 401 || status == 403) {
                authFailures++;
            } else if (status >= 400 && status < 500) {
                clientErrors++;
            } else if (status >= 500 && status < 600) {
                serverErrors++;
            }
            requestBytes += invocation.getRequestBytes();
            responseBytes += invocation.getResponseBytes();
        }
    }

    /** What one invocation delivery became in one window size. */
    record Counted(Invocation invocation, Size size, long windowStart, boolean duplicate, boolean late) {
    }

    private final List<Counted> counted = new java.util.ArrayList<>();

    /** @param produced every delivery in the order written (see InvocationLoad.produce); {@code partitions} of weir.invocation-batches */
    ExpectedAnalytics(List<Invocation> produced, int partitions) {
        Map<Integer, Long> streamTime = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Invocation invocation : produced) {
            int partition = Utils.toPositive(Utils.murmur2(invocation.getApiId().getBytes(StandardCharsets.UTF_8))) % partitions;
            long timestamp = invocation.getTimestamp().toEpochMilli();
            long time = Math.max(streamTime.getOrDefault(partition, Long.MIN_VALUE), timestamp);
            streamTime.put(partition, time);
            boolean duplicate = !seen.add(invocation.getInvocationId());
            for (Size size : Size.values()) {
                long start = size.start(timestamp);
                boolean late = !duplicate && time >= start + size.length + size.grace;
                counted.add(new Counted(invocation, size, start, duplicate, late));
            }
        }
    }

    /** The figures of the invocations matching {@code which}, in windows of {@code size} starting in [from, to). */
    Figures figures(Size size, Instant from, Instant to, Predicate<Invocation> which) {
        Figures figures = new Figures();
        counted.stream().filter(c -> c.size() == size && c.windowStart() >= from.toEpochMilli()
                        && c.windowStart() < to.toEpochMilli() && which.test(c.invocation()))
                .forEach(c -> {
                    if (c.duplicate()) {
                        figures.duplicates++;
                    } else if (c.late()) {
                        figures.late++;
                    } else {
                        figures.count(c.invocation());
                    }
                });
        return figures;
    }

    /** The starts of the windows of {@code size} that any invocation falls in. */
    Set<Long> windowStarts(Size size) {
        Set<Long> starts = new java.util.TreeSet<>();
        counted.stream().filter(c -> c.size() == size).forEach(c -> starts.add(c.windowStart()));
        return starts;
    }

    /** Requests per window start of {@code size} (in-time, first deliveries only). */
    Map<Long, Long> requestsPerWindow(Size size, Predicate<Invocation> which) {
        Map<Long, Long> series = new HashMap<>();
        counted.stream().filter(c -> c.size() == size && !c.duplicate() && !c.late() && which.test(c.invocation())
                        && c.invocation().getKind() == InvocationKind.REQUEST)
                .forEach(c -> series.merge(c.windowStart(), 1L, Long::sum));
        return series;
    }
}
