package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analytics of one partition of weir.invocation-batches as a pure fold over its records, in
 * offset order, and over the invocations of each record's batch in batch order: every decision
 * (repeated delivery, late or in time, window closed) depends only on the invocations before, so
 * folding the same records from the same checkpoint always gives the same figures — which is what
 * makes the checkpoint-and-replay of {@link AnalyticsProcessor} exact. A batch of n invocations
 * therefore folds exactly as n consecutive records of one invocation each would.
 *
 * <p>Stream time is the newest invocation timestamp folded. A window is open while stream time is
 * before its end plus the grace of its size; an invocation for a closed window adds only to that
 * window's {@code late} figure. A repeated invocation id adds only to {@code duplicates} — whether
 * it comes again in a later batch, a redelivered batch or the same batch: the fingerprints know
 * invocation ids, not offsets.
 *
 * <p>The position ({@link #nextOffset}) is per record: every invocation of a batch is folded with the
 * batch's offset, so it is past the record once the whole batch is folded. Nothing else in the fold
 * looks at offsets. A checkpoint ({@link #drain}) is taken only between records — a punctuation
 * never runs inside {@code process} — so a checkpoint never splits a batch: the replay after it
 * re-reads whole records only, from the first one not folded entirely.
 */
final class InvocationFold {

    private final AnalyticsSettings settings;
    private final Map<WindowKey, WindowFigures> windows = new HashMap<>();
    private final Set<WindowKey> changed = new LinkedHashSet<>();
    private final Map<WindowKey, long[]> closedDeltas = new LinkedHashMap<>();
    private final Map<DimensionKey, Long> gauges = new HashMap<>();
    private final Set<DimensionKey> changedGauges = new LinkedHashSet<>();
    private final Fingerprints seen = new Fingerprints();
    private final RepeatedWindows repeated = new RepeatedWindows();
    private final boolean reuseRepeated;
    private long streamTime = Long.MIN_VALUE;
    private long nextOffset = -1;
    private long folded;

    InvocationFold(AnalyticsSettings settings) {
        this(settings, true);
    }

    /** {@code reuseRepeated}: count repeated dimension values through {@link RepeatedWindows} (off only in tests). */
    InvocationFold(AnalyticsSettings settings, boolean reuseRepeated) {
        this.settings = settings;
        this.reuseRepeated = reuseRepeated;
    }

    /** What a checkpoint writes: everything that changed since the last one. */
    record Changes(Map<WindowKey, WindowFigures> windows, Map<WindowKey, long[]> closedDeltas,
                   Map<Long, long[]> fingerprints, Map<DimensionKey, Long> gauges, long streamTime, long nextOffset) {

        boolean isEmpty() {
            return windows.isEmpty() && closedDeltas.isEmpty() && fingerprints.isEmpty() && gauges.isEmpty();
        }
    }

    /** Folds one record of the partition: every invocation of its batch, in batch order. */
    void apply(InvocationBatch batch, long offset) {
        for (Invocation invocation : batch.getInvocations()) {
            apply(invocation, offset);
        }
    }

    /** Folds one invocation of the record at {@code offset}. */
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
        if (first && reuseRepeated && repeated.matches(invocation, timestamp, streamTime)) {
            repeated.count(invocation);
            return;
        }
        List<DimensionKey> dimensions = DimensionKey.of(invocation);
        if (first) {
            moveGauges(invocation.getKind(), dimensions);
        }
        WindowFigures[] counted = first ? new WindowFigures[AnalyticsSettings.SIZES.size() * dimensions.size()] : null;
        long firstClose = Long.MAX_VALUE;
        int i = 0;
        for (AnalyticsWindowSize size : AnalyticsSettings.SIZES) {
            for (DimensionKey dimension : dimensions) {
                WindowKey key = WindowKey.of(dimension, size, timestamp);
                if (!first) {
                    addDelta(key, 0, 1);
                } else if (isClosed(key)) {
                    addDelta(key, 1, 0);
                    counted = null;
                } else {
                    WindowFigures figures = windows.computeIfAbsent(key, k -> new WindowFigures());
                    figures.count(invocation, gauges.getOrDefault(dimension, 0L));
                    changed.add(key);
                    if (counted != null) {
                        counted[i] = figures;
                        firstClose = Math.min(firstClose, closesAt(key));
                    }
                }
                i++;
            }
        }
        if (counted != null) {
            long[] dimensionGauges = new long[dimensions.size()];
            for (int d = 0; d < dimensionGauges.length; d++) {
                dimensionGauges[d] = gauges.getOrDefault(dimensions.get(d), 0L);
            }
            repeated.remember(invocation, timestamp, counted, dimensionGauges, firstClose);
        }
    }

    private void moveGauges(InvocationKind kind, List<DimensionKey> dimensions) {
        int step = kind == InvocationKind.CONNECTION_OPENED ? 1 : kind == InvocationKind.CONNECTION_CLOSED ? -1 : 0;
        if (step != 0) {
            repeated.forget();
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
        return streamTime != Long.MIN_VALUE && streamTime >= closesAt(key);
    }

    /** The stream time from which {@code key} is closed: its end plus the grace of its size. */
    private long closesAt(WindowKey key) {
        return key.end() + settings.graceOf(key.size()).toMillis();
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
        repeated.forget(); // its windows are no longer marked changed, and closed ones leave memory
        changed.clear();
        closedDeltas.clear();
        changedGauges.clear();
        windows.keySet().removeIf(this::isClosed);
        return changes;
    }

    void restorePosition(long streamTime, long nextOffset) {
        repeated.forget();
        this.streamTime = streamTime;
        this.nextOffset = nextOffset;
    }

    /** Brings back a stored window; only open ones are kept in memory. */
    void restoreWindow(WindowKey key, WindowFigures figures) {
        repeated.forget();
        if (!isClosed(key)) {
            windows.put(key, figures);
        }
    }

    void restoreGauge(DimensionKey dimension, long value) {
        repeated.forget();
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

    /** Invocations folded (not records: a batch counts each of its invocations). */
    long folded() {
        return folded;
    }

    /** Invocations counted in the windows of the one before ({@link RepeatedWindows}). */
    long countedThroughRepeated() {
        return repeated.counted();
    }

    /** Open windows in memory (tests). */
    List<WindowKey> windowKeys() {
        return new ArrayList<>(windows.keySet());
    }
}
