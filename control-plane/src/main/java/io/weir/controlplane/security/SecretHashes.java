package io.weir.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Hashes of machine secrets (OAuth client secrets, API keys): plain SHA-256 as lowercase hex. A slow
 * hash buys nothing here: these are 256-bit random values, not guessable passwords, and the gateway
 * must look one up per call.
 */
public final class SecretHashes {

    private SecretHashes() {
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
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
