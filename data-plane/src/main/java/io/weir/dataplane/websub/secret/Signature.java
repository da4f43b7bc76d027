package io.weir.dataplane.websub.secret;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The WebSub content signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with hub.secret>}. */
public final class Signature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final HexFormat HEX = HexFormat.of();

    private Signature() {
    }

    public static String of(byte[] secret, byte[] body) {
        return signer(secret).sign(body);
    }

    /** A signer keyed once with the secret, for many bodies (the MAC lookup and key set-up are not repeated per body). */
    public static Signer signer(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return new Signer(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Signs bodies with one secret. Not thread-safe: one per subscription lane, used on the lane's event loop only. */
    public static final class Signer {

        private final Mac mac;

        private Signer(Mac mac) {
            this.mac = mac;
        }

        /** {@code sha256=<hex>}; doFinal resets the MAC to its key, ready for the next body. */
        public String sign(byte[] body) {
            return "sha256=" + HEX.formatHex(mac.doFinal(body));
        }
    }
}
