package io.weir.dataplane.relay.sse;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Finds where the events of a {@code text/event-stream} end while it streams through in chunks
 * cut anywhere (WHATWG HTML, "event stream interpretation"): lines end with CRLF, LF or CR, and a
 * blank line ends an event. Only blocks with at least one field line are events; a block of
 * comments ({@code : keep-alive}) dispatches nothing in a browser and is not counted either. A CRLF
 * split over two chunks is one line end. One scanner per stream; not thread-safe.
 */
public final class EventScanner {

    private boolean lineStart = true;
    private boolean afterCr;
    private boolean hasField;

    /**
     * The offsets in {@code chunk} just after each event that ends in it (the blank line's end), in
     * order; empty when none does.
     */
    public int[] eventEnds(Buffer chunk) {
        int[] ends = new int[4];
        int count = 0;
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n' && afterCr) {
                afterCr = false; // the LF of a CRLF: the line already ended at the CR
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                if (lineStart && hasField) {
                    if (count == ends.length) {
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    ends[count++] = i + 1;
                    hasField = false;
                } else if (lineStart) {
                    hasField = false; // a blank line after comments only: nothing dispatched
                }
                lineStart = true;
            } else if (lineStart) {
                lineStart = false;
                if (b != ':') {
                    hasField = true;
                }
            }
        }
        return count == ends.length ? ends : Arrays.copyOf(ends, count);
    }
}
