package io.weir.schema.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one definition of weir.gateway.credentials keys: the lowercase hex SHA-256 of an API key
 * (what the control plane stores when it issues the key, and what a gateway computes from the key
 * a caller presents), or {@code oauth:<clientId>} for an OAuth client.
 */
public final class CredentialKeys {

    private static final String OAUTH_PREFIX = "oauth:";
    private static final HexFormat HEX = HexFormat.of();
    /** Provider lookup costs more than the hash of a short key: one digest per thread (digest() resets it). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private CredentialKeys() {
    }

    /** Lowercase hex SHA-256 of a secret (API key or client secret). */
    public static String sha256Hex(String secret) {
        return HEX.formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    public static String forApiKey(String apiKey) {
        return sha256Hex(apiKey);
    }

    public static String forOAuthClient(String clientId) {
        return OAUTH_PREFIX + clientId;
    }
}
