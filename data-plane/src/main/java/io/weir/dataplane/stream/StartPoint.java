package io.weir.dataplane.stream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Where a client's stream begins: live (the tail's position when it subscribed), exactly after an
 * event id it saw ({@code Last-Event-ID}, {@code lastEventId}, or a cursor in {@code from}), or at a
 * time ({@code from} as ISO-8601 or epoch milliseconds: the first record at or after it, per partition).
 */
sealed interface StartPoint permits StartPoint.Live, StartPoint.After, StartPoint.At {

    record Live() implements StartPoint {
    }

    record After(StreamCursor cursor) implements StartPoint {
    }

    record At(long epochMillis) implements StartPoint {
    }

    /**
     * @param lastEventId the client's last event id, null if none (wins over {@code from})
     * @param from        a time or a cursor, null if none
     * @throws IllegalArgumentException naming the bad parameter
     */
    static StartPoint of(String lastEventId, String from) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return new After(StreamCursor.parse(lastEventId.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid Last-Event-ID: " + e.getMessage());
            }
        }
        if (from == null || from.isBlank()) {
            return new Live();
        }
        String text = from.trim();
        if (StreamCursor.looksLikeCursor(text)) {
            return new After(StreamCursor.parse(text));
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 15) {
            return new At(Long.parseLong(text));
        }
        try {
            return new At(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            try {
                return new At(Instant.parse(text).toEpochMilli());
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("Invalid 'from': use an ISO-8601 time (2026-11-27T10:00:00Z), "
                        + "epoch milliseconds, or an event id.");
            }
        }
    }
}
