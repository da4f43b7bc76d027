package io.weir.processors.throttle;

/**
 * Key of a pending sum in store {@value ThrottlingTopology#PENDING_CHARGES_STORE}: one per counter, node
 * and window. Throttle keys may contain '|' in their subject and node ids anything, so the counter is
 * length-prefixed: {@code <length of counter>:<counter>|<window start>|<node>} reads back unambiguously.
 */
record ChargeSumKey(String counter, long windowStart, String node) {

    String encoded() {
        return counter.length() + ":" + counter + "|" + windowStart + "|" + node;
    }

    static ChargeSumKey parse(String encoded) {
        int colon = encoded.indexOf(':');
        int counterEnd = colon + 1 + Integer.parseInt(encoded.substring(0, colon));
        int windowEnd = encoded.indexOf('|', counterEnd + 1);
        return new ChargeSumKey(encoded.substring(colon + 1, counterEnd),
                Long.parseLong(encoded.substring(counterEnd + 1, windowEnd)), encoded.substring(windowEnd + 1));
    }
}
