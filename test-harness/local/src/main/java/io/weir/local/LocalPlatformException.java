package io.weir.local;

/** A problem the user can act on; printed as one line, without a stack trace. */
final class LocalPlatformException extends RuntimeException {
    LocalPlatformException(String message) {
        super(message);
    }
}
