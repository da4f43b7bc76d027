package io.weir.processors.throttle;

import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Says why a charge was not counted (an unknown policy, a key that does not parse) without flooding the
 * log: at WARN the first time per subject, at DEBUG after that. The subjects remembered are bounded, so
 * that a stream of bad keys cannot grow the heap; past the bound everything is DEBUG.
 */
final class ChargeWarnings {

    private static final int REMEMBERED_LIMIT = 10_000;

    private final Logger log;
    private final Set<String> reported = new HashSet<>();

    ChargeWarnings(Logger log) {
        this.log = log;
    }

    void report(String subject, String format, Object... parameters) {
        boolean firstTime = reported.size() < REMEMBERED_LIMIT && reported.add(subject);
        log.logf(firstTime ? Logger.Level.WARN : Logger.Level.DEBUG, format, parameters);
    }
}
