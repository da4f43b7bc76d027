package io.weir.dataplane.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How far a client has read a topic: per partition, the offset of the last record it was given (or
 * passed over by a filter), or the offset just before where its stream started. It is the SSE event
 * id, encoded {@code <partition>:<offset>} joined by '.', partitions ascending: {@code 0:12.1:40}.
 * Resuming after it reads each partition from {@code offset + 1}; a partition it does not name (one
 * added to the topic since) from its beginning. Lives on one event loop; not thread-safe.
 */
final class StreamCursor {

    static final int MAX_LENGTH = 4096;
    private static final Pattern FORMAT = Pattern.compile("\\d{1,6}:-?\\d{1,19}(\\.\\d{1,6}:-?\\d{1,19})*");

    private final TreeMap<Integer, Long> last = new TreeMap<>();

    static StreamCursor empty() {
        return new StreamCursor();
    }

    static boolean looksLikeCursor(String text) {
        return text != null && text.length() <= MAX_LENGTH && FORMAT.matcher(text).matches();
    }

    /** @throws IllegalArgumentException with a reason a client can act on */
    static StreamCursor parse(String text) {
        if (!looksLikeCursor(text)) {
            throw new IllegalArgumentException("An event id is '<partition>:<offset>' pairs joined by '.', e.g. '0:12.1:40'.");
        }
        StreamCursor cursor = new StreamCursor();
        for (String pair : text.split("\\.")) {
            int colon = pair.indexOf(':');
            int partition = Integer.parseInt(pair.substring(0, colon));
            long offset;
            try {
                offset = Long.parseLong(pair.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The offset of partition " + partition + " is out of range.");
            }
            if (offset < -1) {
                throw new IllegalArgumentException("The offset of partition " + partition + " is below -1.");
            }
            if (cursor.last.put(partition, offset) != null) {
                throw new IllegalArgumentException("Partition " + partition + " appears twice in the event id.");
            }
        }
        return cursor;
    }

    /** Where reading each named partition continues. */
    Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> next = new TreeMap<>();
        last.forEach((partition, offset) -> next.put(partition, offset + 1));
        return next;
    }

    /** Takes the start of partitions it does not know yet (the next offset to read on each). */
    void startAt(Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((partition, next) -> last.putIfAbsent(partition, next - 1));
    }

    /** Moves past a record: false if the record was already given (a duplicate). */
    boolean advance(int partition, long offset) {
        Long previous = last.get(partition);
        if (previous != null && offset <= previous) {
            return false;
        }
        last.put(partition, offset);
        return true;
    }

    String encode() {
        StringBuilder id = new StringBuilder(last.size() * 8);
        for (Map.Entry<Integer, Long> entry : last.entrySet()) {
            if (id.length() > 0) {
                id.append('.');
            }
            id.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return id.toString();
    }

    StreamCursor copy() {
        StreamCursor copy = new StreamCursor();
        copy.last.putAll(last);
        return copy;
    }

    @Override
    public String toString() {
        return encode();
    }
}
