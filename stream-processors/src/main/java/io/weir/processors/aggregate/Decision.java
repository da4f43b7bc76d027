package io.weir.processors.aggregate;

import io.weir.schema.command.RejectionReason;
import java.util.List;
import java.util.Objects;

/** What an aggregate decided about a command: events to append, or a rejection. */
public sealed interface Decision {

    /** The command is accepted; {@code events} are Avro event payloads, at least one. */
    record Accepted(List<Object> events) implements Decision {
        public Accepted {
            if (events == null || events.isEmpty()) {
                throw new IllegalArgumentException("an accepted command produces at least one event");
            }
            events = List.copyOf(events);
        }
    }

    /** The command is refused; nothing is appended. {@code field} is a JSON pointer into the command, or null. */
    record Rejected(RejectionReason reason, String message, String field) implements Decision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    static Decision accept(Object... events) {
        return new Accepted(List.of(events));
    }

    static Decision reject(RejectionReason reason, String message) {
        return new Rejected(reason, message, null);
    }

    static Decision reject(RejectionReason reason, String message, String field) {
        return new Rejected(reason, message, field);
    }
}
