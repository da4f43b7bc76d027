package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.analytics.InvocationAggregate;
import java.time.Duration;

/** One tumbling event-time window of one dimension value. */
record WindowKey(DimensionKey dimension, AnalyticsWindowSize size, long start) {

    static WindowKey of(DimensionKey dimension, AnalyticsWindowSize size, long timestamp) {
        long length = length(size).toMillis();
        return new WindowKey(dimension, size, timestamp - Math.floorMod(timestamp, length));
    }

    /** The window a stored or published aggregate is of. */
    static WindowKey of(InvocationAggregate aggregate) {
        return new WindowKey(new DimensionKey(aggregate.getOrganization(), aggregate.getEnvironment(),
                aggregate.getDimension(), aggregate.getApiId(), aggregate.getDimensionValue()),
                aggregate.getWindowSize(), aggregate.getWindowStart().toEpochMilli());
    }

    static Duration length(AnalyticsWindowSize size) {
        return switch (size) {
            case MINUTE -> Duration.ofMinutes(1);
            case HOUR -> Duration.ofHours(1);
            case DAY -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("no window length for " + size);
        };
    }

    long end() {
        return start + length(size).toMillis();
    }

    /** Key on weir.analytics.invocations: a partition counts its own partial of each window. */
    String topicKey(int partition) {
        return dimension.topicKeyPrefix() + '/' + size.name() + '/' + start + '/' + partition;
    }

    /**
     * Key in the processor's window store: size and zero-padded start first, so that the windows
     * past retention are one range of keys.
     */
    String storeKey(int partition) {
        return storePrefix(size) + String.format("%015d", start) + '/' + topicKey(partition);
    }

    static String storePrefix(AnalyticsWindowSize size) {
        return size.name() + '/';
    }

    /** Store key bound: every window of {@code size} starting before {@code start} sorts below it. */
    static String storeKeyBound(AnalyticsWindowSize size, long start) {
        return storePrefix(size) + String.format("%015d", Math.max(0, start));
    }
}
