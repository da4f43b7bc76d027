package io.weir.schema.serde;

/**
 * The schema registry did not answer a lookup of a Weir serde within its bound: every attempt timed
 * out, could not connect, or got a 5xx. Transient by nature — the same record succeeds once the
 * registry is back — so a caller must retry or fail the work, never skip the record.
 */
public final class RegistryUnavailableException extends RuntimeException {

    RegistryUnavailableException(String registryUrl, String lookup, RegistryCallPolicy policy, Throwable last) {
        super("schema registry at " + registryUrl + " did not answer " + lookup + ": " + (policy.retries() + 1)
                + " attempts of at most " + policy.requestTimeout().toMillis() + " ms each failed (last: "
                + last + ")", last);
    }

    /** For callers that report an outage they found some other way. */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    RegistryUnavailableException(String registryUrl, String lookup, InterruptedException interrupted) {
        super("interrupted while waiting to retry " + lookup + " against the schema registry at " + registryUrl,
                interrupted);
    }

    /** True when {@code failure} or one of its causes is a registry outage (worth retrying the work). */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryUnavailableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
