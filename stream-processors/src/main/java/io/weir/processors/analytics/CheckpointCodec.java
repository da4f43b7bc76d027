package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsDimension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values of the analytics checkpoint store: the position ({@value #POSITION}: stream time,
 * next offset, fingerprint sequence), connection gauges ({@code gauge/<dimension>}) and
 * fingerprint blobs ({@code seen/<bucket>/<sequence>}, keys sorted by bucket so expired ones are one
 * range).
 */
final class CheckpointCodec {

    static final String POSITION = "position";
    static final String GAUGE_PREFIX = "gauge/";
    static final String SEEN_PREFIX = "seen/";
    /** Fingerprints per blob: 16 bytes each, well under the default 1 MiB record limit. */
    static final int FINGERPRINTS_PER_BLOB = 16_384;

    private CheckpointCodec() {
    }

    record Position(long streamTime, long nextOffset, long sequence) {
    }

    static byte[] position(Position position) {
        return ByteBuffer.allocate(24).putLong(position.streamTime()).putLong(position.nextOffset())
                .putLong(position.sequence()).array();
    }

    static Position position(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Position(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    static String gaugeKey(DimensionKey dimension) {
        return GAUGE_PREFIX + dimension.topicKeyPrefix();
    }

    static byte[] gauge(DimensionKey dimension, long value) {
        byte[][] parts = {utf8(dimension.organization()), utf8(dimension.environment()), utf8(dimension.dimension().name()),
                utf8(dimension.apiId() == null ? "" : dimension.apiId()), utf8(dimension.value())};
        int length = 8 + 1;
        for (byte[] part : parts) {
            length += 4 + part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).putLong(value).put((byte) (dimension.apiId() == null ? 0 : 1));
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    record Gauge(DimensionKey dimension, long value) {
    }

    static Gauge gauge(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long value = buffer.getLong();
        boolean hasApi = buffer.get() == 1;
        String organization = string(buffer);
        String environment = string(buffer);
        AnalyticsDimension dimension = AnalyticsDimension.valueOf(string(buffer));
        String api = string(buffer);
        String dimensionValue = string(buffer);
        return new Gauge(new DimensionKey(organization, environment, dimension, hasApi ? api : null, dimensionValue), value);
    }

    static String seenKey(long bucket, long sequence) {
        return SEEN_PREFIX + String.format("%015d/%015d", Math.max(0, bucket), sequence);
    }

    /** Upper bound (exclusive) of the seen keys of every bucket at or below {@code bucket}. */
    static String seenBound(long bucket) {
        return SEEN_PREFIX + String.format("%015d", Math.max(0, bucket)) + "/~";
    }

    static long bucketOfSeenKey(String key) {
        return Long.parseLong(key.substring(SEEN_PREFIX.length(), SEEN_PREFIX.length() + 15));
    }

    static byte[] fingerprints(long[] pairs, int fromPair, int toPair) {
        ByteBuffer buffer = ByteBuffer.allocate((toPair - fromPair) * 16);
        for (int i = fromPair; i < toPair; i++) {
            buffer.putLong(pairs[2 * i]).putLong(pairs[2 * i + 1]);
        }
        return buffer.array();
    }

    static long[] fingerprints(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] pairs = new long[bytes.length / 8];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = buffer.getLong();
        }
        return pairs;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
