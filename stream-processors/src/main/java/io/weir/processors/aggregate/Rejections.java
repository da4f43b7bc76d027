package io.weir.processors.aggregate;

import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static io.weir.schema.command.RejectionReason.NOT_FOUND;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The rejections every aggregate shares, so the same situation reads the same in every bounded
 * context. Fields are JSON pointers into the command envelope ({@code /payload/name},
 * {@code /aggregateId}). Messages never echo secrets or hashes.
 */
final class Rejections {

    private Rejections() {
    }

    static Decision invalid(String field, String message) {
        return Decision.reject(INVALID_COMMAND, message, field);
    }

    static Optional<Decision> invalidIf(boolean condition, String field, String message) {
        return condition ? Optional.of(invalid(field, message)) : Optional.empty();
    }

    static Decision notFound(String message) {
        return Decision.reject(NOT_FOUND, message);
    }

    static Decision notFound(String message, String field) {
        return Decision.reject(NOT_FOUND, message, field);
    }

    static Decision alreadyExists(String message) {
        return Decision.reject(ALREADY_EXISTS, message);
    }

    /** A payload that belongs to another aggregate type: bad input from a producer, not a bug here. */
    static Decision notACommandFor(String aggregate, Object payload) {
        String type = payload == null ? "null" : payload.getClass().getSimpleName();
        return invalid("/payload", type + " is not a command for " + aggregate + " aggregates");
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The first rejection of a sequence of checks; later checks are not evaluated. */
    @SafeVarargs
    static Optional<Decision> firstOf(Supplier<Optional<Decision>>... checks) {
        return Stream.of(checks).map(Supplier::get).flatMap(Optional::stream).findFirst();
    }
}
