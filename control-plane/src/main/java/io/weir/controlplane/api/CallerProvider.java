package io.weir.controlplane.api;

import io.weir.controlplane.security.Caller;

/**
 * How a management resource learns who is calling: a port, so resources are testable with a fixed
 * caller. In the application it is the security package's request-scoped {@code CallerContext}
 * (adapted in {@link ResourceWiring}), set by the bearer-token filter before any resource runs.
 */
@FunctionalInterface
public interface CallerProvider {

    /** The verified caller of the current request; never null. */
    Caller current();
}
