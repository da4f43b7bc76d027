package io.weir.schema.serde;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How long one registry HTTP call of a Weir serde may take and how often it is tried again, read from
 * the serde's own properties (set by {@link AvroSerdes#registryConfig}). The worst case for a lookup
 * against a registry that accepts connections and never answers is {@link #worstCase()}: every attempt
 * runs into the timeout, with the backoff doubling between attempts.
 *
 * @param requestTimeout bound of one attempt: connecting, and then silence on the connection
 * @param retries attempts after the first one, for transport failures and 5xx answers
 * @param backoff pause before the first retry; doubled before each further one
 */
record RegistryCallPolicy(Duration requestTimeout, int retries, Duration backoff) {

    /** Serde property: milliseconds one registry call may take (connect, then silence), default 10000. */
    static final String REQUEST_TIMEOUT_MS = "weir.registry.request-timeout-ms";
    static final long REQUEST_TIMEOUT_MS_DEFAULT = 10_000;
    /** Retries Weir's serdes make by default ({@code apicurio.registry.retry-count}). */
    static final int RETRIES_DEFAULT = 2;
    /** First backoff by default ({@code apicurio.registry.retry-backoff-ms}). */
    static final long BACKOFF_MS_DEFAULT = 500;

    RegistryCallPolicy {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " must be positive, was " + requestTimeout.toMillis());
        }
        if (retries < 0) {
            throw new IllegalArgumentException(SchemaResolverConfig.RETRY_COUNT + " must not be negative, was " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException(SchemaResolverConfig.RETRY_BACKOFF_MS + " must not be negative");
        }
    }

    /** The policy of a serde configured with {@code config}; absent keys take Weir's defaults. */
    static RegistryCallPolicy from(Map<String, ?> config) {
        return new RegistryCallPolicy(
                Duration.ofMillis(number(config, REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS_DEFAULT)),
                Math.toIntExact(number(config, SchemaResolverConfig.RETRY_COUNT, RETRIES_DEFAULT)),
                Duration.ofMillis(number(config, SchemaResolverConfig.RETRY_BACKOFF_MS, BACKOFF_MS_DEFAULT)));
    }

    /** The pause before retry number {@code retry} (1-based). */
    Duration backoffBefore(int retry) {
        return backoff.multipliedBy(1L << Math.min(retry - 1, 20));
    }

    /** The longest a lookup can take before its caller gets {@link RegistryUnavailableException}. */
    Duration worstCase() {
        Duration total = requestTimeout.multipliedBy(retries + 1L);
        for (int retry = 1; retry <= retries; retry++) {
            total = total.plus(backoffBefore(retry));
        }
        return total;
    }

    private static long number(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
        }
    }
}
