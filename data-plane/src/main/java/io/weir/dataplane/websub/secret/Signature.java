package io.weir.dataplane.websub.secret;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The WebSub content signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with hub.secret>}. */
public final class Signature {

    public static final String HEADER = "X-Hub-Signature-256";

    private Signature() {
    }

    public static String of(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
