package io.weir.dataplane.stream;

import java.util.Map;

/**
 * One Kafka record as clients get it, decoded once by the tail (or a catch-up reader) for all its
 * subscribers. {@code fields} is the JSON envelope without its braces ({@code "partition":0,
 * "offset":12,"key":..,"timestamp":..,"headers":{..},"payloadEncoding":..,"payload":..}), so the SSE
 * event and the WebSocket frame are each one string concatenation away.
 */
record StreamRecord(int partition, long offset, long timestamp, String key, Map<String, String> headers,
                    String fields, int bytes) {

    /** The SSE event's data: the envelope as a JSON object. */
    String envelope() {
        return "{" + fields + "}";
    }

    /** The WebSocket {@code message} frame for a channel. */
    String messageFrame(String quotedChannel) {
        return "{\"type\":\"message\",\"channel\":" + quotedChannel + "," + fields + "}";
    }
}
