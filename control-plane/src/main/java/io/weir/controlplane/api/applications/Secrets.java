package io.weir.controlplane.api.applications;

import io.weir.controlplane.problem.Problem;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.SecretHashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of application credentials (API keys, OAuth client secrets): 32 random bytes as
 * base64url, shown to the client once. Only the hex SHA-256 of the secret's text
 * ({@link SecretHashes}, what a gateway computes from a presented key) and its first
 * characters (to recognise it in a list) go into the command; the secret never enters the log.
 */
final class Secrets {

    static final int PREFIX_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A fresh secret, shown once, and what may be stored of it. */
    record Issued(String secret, String prefix, String hash) {
    }

    static Issued issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(secret, secret.substring(0, PREFIX_LENGTH), SecretHashes.sha256Hex(secret));
    }

    /**
     * A retried request (same Idempotency-Key) gets the first command's outcome, whose secret was
     * already shown and is not kept: showing this request's fresh secret would hand out a credential
     * that does not work. {@code storedHash} is what the view recorded, null when not known yet.
     */
    static void requireRecorded(String storedHash, Issued issued) {
        if (storedHash != null && !storedHash.equals(issued.hash())) {
            throw new ProblemException(Problem.of(409, "secret-not-repeatable", "The secret was shown once already",
                    "this Idempotency-Key was used before; the credential it created exists, but its secret is never"
                            + " shown again: revoke it and create another"));
        }
    }
}
