package io.weir.controlplane.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow password hashes for management users: PBKDF2-HMAC-SHA256 from the JDK, 16-byte random salt,
 * 32-byte hash, as a PHC string {@code $pbkdf2-sha256$i=<n>$<b64salt>$<b64hash>} (unpadded base64).
 * A hash carries its own iteration count, so raising the cost later keeps old hashes verifiable.
 */
public final class PasswordHasher {

    /** OWASP's floor for PBKDF2 (its 2023 figure for HMAC-SHA512); the default of 600000 is its HMAC-SHA256 figure. */
    public static final int MIN_ITERATIONS = 210_000;
    /** Longer passwords are refused before hashing: nobody types them, and they cost CPU. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final Pattern PHC = Pattern.compile(
            "\\$" + ALGORITHM + "\\$i=(\\d{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    /** Verified against when there is no user, so an unknown username costs as much as a wrong password. */
    private final String decoy;

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 needs at least " + MIN_ITERATIONS + " iterations, not " + iterations);
        }
        this.iterations = iterations;
        this.decoy = hash("decoy-" + RANDOM.nextLong());
    }

    public String hash(CharSequence password) {
        checkLength(password);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return "$" + ALGORITHM + "$i=" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(pbkdf2(password, salt, iterations, HASH_BYTES));
    }

    /** True when {@code password} matches {@code phc}; false for a wrong password or a hash not in this format. */
    public boolean verify(CharSequence password, String phc) {
        if (password == null || password.length() > MAX_PASSWORD_LENGTH || phc == null) {
            return false;
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        int n = Integer.parseInt(m.group(1));
        if (n < 1 || n > 10_000_000) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        byte[] expected = Base64.getDecoder().decode(m.group(3));
        if (expected.length < 16) {
            return false;
        }
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, n, expected.length));
    }

    /** Spends the time of one verification and answers false: for a missing user or a user without a password. */
    public boolean verifyNothing(CharSequence password) {
        verify(password == null ? "" : password, decoy);
        return false;
    }

    private static void checkLength(CharSequence password) {
        if (password == null || password.length() == 0 || password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has 1 to " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static byte[] pbkdf2(CharSequence password, byte[] salt, int iterations, int bytes) {
        char[] chars = new char[password.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = password.charAt(i);
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
