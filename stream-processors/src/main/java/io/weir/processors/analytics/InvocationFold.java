package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analytics of one partition of weir.invocations as a pure fold over its records, in offset
 * order: every decision (repeated delivery, late or in time, window closed) depends only on the
 * records before, so folding the same records from the same checkpoint always gives the same
 * figures — which is what makes the checkpoint-and-replay of {@link AnalyticsProcessor} exact.
 *
 * <p>Stream time is the newest invocation timestamp folded. A window is open while stream time is
 * before its end plus the grace of its size; an invocation for a closed window adds only to that
 * window's {@code late} figure. A repeated invocation id adds only to {@code duplicates}.
 */
final class InvocationFold {

    private final AnalyticsSettings settings;
    private final Map<WindowKey, WindowFigures> windows = new HashMap<>();
    private final Set<WindowKey> changed = new LinkedHashSet<>();
    private final Map<WindowKey, long[]> closedDeltas = new LinkedHashMap<>();
    private final Map<DimensionKey, Long> gauges = new HashMap<>();
    private final Set<DimensionKey> changedGauges = new LinkedHashSet<>();
    private final Fingerprints seen = new Fingerprints();
    private long streamTime = Long.MIN_VALUE;
    private long nextOffset = -1;
    private long folded;

    InvocationFold(AnalyticsSettings settings) {
        this.settings = settings;
    }

    /** What a checkpoint writes: everything that changed since the last one. */
    record Changes(Map<WindowKey, WindowFigures> windows, Map<WindowKey, long[]> closedDeltas,
                   Map<Long, long[]> fingerprints, Map<DimensionKey, Long> gauges, long streamTime, long nextOffset) {

        boolean isEmpty() {
            return windows.isEmpty() && closedDeltas.isEmpty() && fingerprints.isEmpty() && gauges.isEmpty();
        }
    }

    void apply(Invocation invocation, long offset) {
        nextOffset = offset + 1;
        folded++;
        long timestamp = invocation.getTimestamp().toEpochMilli();
        if (timestamp > streamTime) {
            boolean newBucket = streamTime == Long.MIN_VALUE
                    || Fingerprints.bucketOf(timestamp) != Fingerprints.bucketOf(streamTime);
            streamTime = timestamp;
            if (newBucket) {
                seen.expire(streamTime, settings.dedupeRetention());
            }
        }
        boolean first = seen.add(invocation.getInvocationId(), timestamp);
        List<DimensionKey> dimensions = DimensionKey.of(invocation);
        if (first) {
            moveGauges(invocation.getKind(), dimensions);
        }
        for (AnalyticsWindowSize size : AnalyticsSettings.SIZES) {
            for (DimensionKey dimension : dimensions) {
                WindowKey key = WindowKey.of(dimension, size, timestamp);
                if (!first) {
                    addDelta(key, 0, 1);
                } else if (isClosed(key)) {
                    addDelta(key, 1, 0);
                } else {
                    windows.computeIfAbsent(key, k -> new WindowFigures())
                            .count(invocation, gauges.getOrDefault(dimension, 0L));
                    changed.add(key);
                }
            }
        }
    }

    private void moveGauges(InvocationKind kind, List<DimensionKey> dimensions) {
        int step = kind == InvocationKind.CONNECTION_OPENED ? 1 : kind == InvocationKind.CONNECTION_CLOSED ? -1 : 0;
        if (step != 0) {
            for (DimensionKey dimension : dimensions) {
                gauges.merge(dimension, (long) step, Long::sum);
                changedGauges.add(dimension);
            }
        }
    }

    /** Late and duplicate counts go to the window in memory if it still is, else to the stored one. */
    private void addDelta(WindowKey key, long late, long duplicates) {
        WindowFigures figures = windows.get(key);
        if (figures != null) {
            figures.late += late;
            figures.duplicates += duplicates;
            changed.add(key);
        } else {
            long[] delta = closedDeltas.computeIfAbsent(key, k -> new long[2]);
            delta[0] += late;
            delta[1] += duplicates;
        }
    }

    boolean isClosed(WindowKey key) {
        return streamTime != Long.MIN_VALUE && streamTime >= key.end() + settings.graceOf(key.size()).toMillis();
    }

    /** Past retention: stream time at or beyond its end plus the retention of its size. */
    boolean isExpired(WindowKey key) {
        return streamTime != Long.MIN_VALUE && streamTime >= key.end() + settings.retentionOf(key.size()).toMillis();
    }

    /**
     * Hands over what changed since the last call and forgets the windows that are closed (their
     * last figures are in the returned changes or were in earlier ones).
     */
    Changes drain() {
        Map<WindowKey, WindowFigures> changedWindows = new LinkedHashMap<>();
        changed.forEach(key -> changedWindows.put(key, windows.get(key)));
        Map<DimensionKey, Long> changedGaugeValues = new LinkedHashMap<>();
        changedGauges.forEach(dimension -> changedGaugeValues.put(dimension, gauges.get(dimension)));
        Changes changes = new Changes(changedWindows, new LinkedHashMap<>(closedDeltas), seen.drainFresh(),
                changedGaugeValues, streamTime, nextOffset);
        changed.clear();
        closedDeltas.clear();
        changedGauges.clear();
        windows.keySet().removeIf(this::isClosed);
        return changes;
    }

    void restorePosition(long streamTime, long nextOffset) {
        this.streamTime = streamTime;
        this.nextOffset = nextOffset;
    }

    /** Brings back a stored window; only open ones are kept in memory. */
    void restoreWindow(WindowKey key, WindowFigures figures) {
        if (!isClosed(key)) {
            windows.put(key, figures);
        }
    }

    void restoreGauge(DimensionKey dimension, long value) {
        gauges.put(dimension, value);
    }

    void restoreFingerprints(long bucket, long[] pairs) {
        seen.load(bucket, pairs);
    }

    long streamTime() {
        return streamTime;
    }

    long nextOffset() {
        return nextOffset;
    }

    int openWindows() {
        return windows.size();
    }

    int fingerprints() {
        return seen.size();
    }

    long folded() {
        return folded;
    }

    /** Open windows in memory (tests). */
    List<WindowKey> windowKeys() {
        return new ArrayList<>(windows.keySet());
    }
}
