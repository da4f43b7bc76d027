package io.weir.schema.throttle;

import io.weir.schema.policy.PolicyLevel;
import java.util.Objects;

/**
 * The one format of a throttle counter key, shared by the gateways (which charge counters and name
 * them in {@code Invocation.throttleKeys}) and the throttling processor (which counts them and keys
 * {@code weir.throttle.decisions} by them): {@code <environment>|<policy id>|<subject>}, where the
 * policy id is the policy aggregate id {@code <organization>/<LEVEL>/<name>} and the subject is what
 * the level counts — a subscription id, an application id, or an API id (optionally with a resource).
 * Counters are per environment because each environment has its own gateway nodes.
 */
public record ThrottleKeys(String environment, String policyId, String subject) {

    private static final char SEPARATOR = '|';

    public ThrottleKeys {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(subject, "subject");
        if (environment.indexOf(SEPARATOR) >= 0 || policyId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("'|' is not allowed in an environment or policy id");
        }
    }

    /** The policy aggregate id of a policy: {@code <organization>/<LEVEL>/<name>}. */
    public static String policyId(String organization, PolicyLevel level, String name) {
        return organization + "/" + level.name() + "/" + name;
    }

    /** Parses a key written by {@link #key()}; the subject may itself contain '|'. */
    public static ThrottleKeys parse(String key) {
        int first = key.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : key.indexOf(SEPARATOR, first + 1);
        if (first <= 0 || second <= first + 1) {
            throw new IllegalArgumentException("not a throttle key: " + key);
        }
        return new ThrottleKeys(key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1));
    }

    public String key() {
        return environment + SEPARATOR + policyId + SEPARATOR + subject;
    }

    /**
     * Written out, not generated: gateways look counters up by these keys on every call, mostly with the
     * very instance the counter was made with.
     */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ThrottleKeys keys && environment.equals(keys.environment)
                && policyId.equals(keys.policyId) && subject.equals(keys.subject);
    }

    @Override
    public int hashCode() {
        return (environment.hashCode() * 31 + policyId.hashCode()) * 31 + subject.hashCode();
    }

    @Override
    public String toString() {
        return key();
    }
}
