package io.weir.schema.invocation;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * An upper bound of an {@link Invocation}'s Avro binary encoding, cheap enough to take per call: every
 * number, enum, boolean and union branch at its widest (a long's varint is at most 10 bytes) and every
 * string at its UTF-8 length plus the widest varint of that length. {@link InvocationBatches} cuts
 * batches by it, so that no batch is ever too large for the producer's {@code max.request.size} or the
 * broker's {@code message.max.bytes} whatever the clients sent (long correlation ids, many counters). In
 * a gateway node it runs on the recorder's thread, never on the request path.
 */
public final class EncodedSizeBound {

    /** Eight longs/ints at 10 bytes, seven union branches, four enums, a boolean, the counters' array ends. */
    private static final int FIXED = 8 * 10 + 7 * 5 + 4 * 5 + 1 + 2 * 5;

    private EncodedSizeBound() {
    }

    /** At least the number of bytes {@code invocation}'s Avro binary encoding takes. */
    public static int of(Invocation invocation) {
        return bound(invocation, EncodedSizeBound::string);
    }

    /** The sum of {@link #of} over {@code invocations}. */
    public static int of(List<Invocation> invocations) {
        int bound = 0;
        for (Invocation invocation : invocations) {
            bound += of(invocation);
        }
        return bound;
    }

    /**
     * A looser bound, never below {@link #of}, from the strings' lengths alone (three UTF-8 bytes per
     * UTF-16 char at most): what a caller far from its limit can add up without reading every char.
     */
    public static int quick(Invocation invocation) {
        return bound(invocation, EncodedSizeBound::length);
    }

    private static int bound(Invocation invocation, ToIntFunction<CharSequence> string) {
        int bound = FIXED
                + string.applyAsInt(invocation.getInvocationId())
                + string.applyAsInt(invocation.getApiId())
                + string.applyAsInt(invocation.getEnvironment())
                + string.applyAsInt(invocation.getOrganization())
                + string.applyAsInt(invocation.getApplicationId())
                + string.applyAsInt(invocation.getSubscriptionTier())
                + string.applyAsInt(invocation.getMethod())
                + string.applyAsInt(invocation.getResource())
                + string.applyAsInt(invocation.getGatewayNode())
                + string.applyAsInt(invocation.getErrorCode())
                + string.applyAsInt(invocation.getCorrelationId());
        List<String> keys = invocation.getThrottleKeys();
        if (keys != null) {
            for (String key : keys) {
                bound += string.applyAsInt(key);
            }
        }
        return bound;
    }

    private static int length(CharSequence value) {
        return value == null ? 0 : 5 + 3 * value.length();
    }

    private static int string(CharSequence value) {
        if (value == null) {
            return 0;
        }
        int bytes = 5;
        for (int i = 0, length = value.length(); i < length; i++) {
            char c = value.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
        }
        return bytes;
    }
}
