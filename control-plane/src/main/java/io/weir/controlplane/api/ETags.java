package io.weir.controlplane.api;

import io.weir.controlplane.problem.ProblemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aggregate's version is its entity tag: responses carry {@code ETag: "<version>"}, and a client
 * that sends it back in {@code If-Match} turns it into the command's expectedVersion, so a write
 * based on a stale read is refused (409) by the command processor instead of overwriting.
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern STRONG = Pattern.compile("\"(\\d{1,18})\"");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * @return the expected version, or null when the header is absent or {@code *} (any version)
     * @throws ProblemException 400 when it is not one strong tag of this API (weak tags do not
     *                          compare for writes, RFC 9110 §13.1.1; lists of tags are not supported)
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = STRONG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw ProblemException.badRequest("invalid-if-match",
                    "If-Match must be one ETag of this resource, like \"3\", or *", Params.HEADER + IF_MATCH);
        }
        return Long.parseLong(matcher.group(1));
    }
}
