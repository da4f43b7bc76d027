package io.weir.dataplane.relay;

import java.util.function.Consumer;

/**
 * Sums the messages relayed in one direction of a connection into batches, each written as one
 * MESSAGE invocation record. A batch never spans two epoch seconds: the throttling processor
 * counts a record in the window of its timestamp, and windows are aligned multiples of a second,
 * so a batch is counted in the window its messages were admitted in. Not thread-safe: one
 * connection, one event loop.
 */
public final class MessageBatch {

    /** A batch to record: its first message's time, the messages and the bytes in it. */
    public record Batch(long firstMillis, int messages, long bytes) {
    }

    private final int maxMessages;
    private long firstMillis = -1;
    private int messages;
    private long bytes;

    public MessageBatch(int maxMessages) {
        this.maxMessages = Math.max(1, maxMessages);
    }

    /** Adds one message of {@code size} bytes; hands completed batches to {@code flush}. */
    public void message(long nowMillis, long size, Consumer<Batch> flush) {
        if (firstMillis >= 0 && nowMillis / 1000 != firstMillis / 1000) {
            flush(flush);
        }
        if (firstMillis < 0) {
            firstMillis = nowMillis;
        }
        messages++;
        bytes += size;
        if (messages >= maxMessages) {
            flush(flush);
        }
    }

    /** Adds the bytes of a message's later frames to the batch (no new message). */
    public void bytes(long nowMillis, long size, Consumer<Batch> flush) {
        if (firstMillis >= 0 && nowMillis / 1000 != firstMillis / 1000) {
            flush(flush);
        }
        if (firstMillis < 0) {
            firstMillis = nowMillis;
        }
        bytes += size;
    }

    /** Hands the batch over if it is older than {@code maxAgeMillis} (called by a timer). */
    public void flushOlderThan(long nowMillis, long maxAgeMillis, Consumer<Batch> flush) {
        if (firstMillis >= 0 && (nowMillis - firstMillis >= maxAgeMillis || nowMillis / 1000 != firstMillis / 1000)) {
            flush(flush);
        }
    }

    /** Hands over whatever is pending (the connection closes). */
    public void flush(Consumer<Batch> flush) {
        if (firstMillis >= 0 && (messages > 0 || bytes > 0)) {
            flush.accept(new Batch(firstMillis, messages, bytes));
        }
        firstMillis = -1;
        messages = 0;
        bytes = 0;
    }
}
