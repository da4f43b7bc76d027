package io.weir.controlplane.security;

import io.weir.schema.gateway.CredentialKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Hashes of machine secrets (OAuth client secrets, API keys): plain SHA-256 as lowercase hex. A slow
 * hash buys nothing here: these are 256-bit random values, not guessable passwords, and the gateway
 * must look one up per call.
 */
public final class SecretHashes {

    private SecretHashes() {
    }

    /** The hash gateways look credentials up by ({@link CredentialKeys}, shared with them). */
    public static String sha256Hex(String secret) {
        return CredentialKeys.sha256Hex(secret);
    }

    /** Compares in time independent of where the strings differ; hex case is ignored; null equals nothing. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                b.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
