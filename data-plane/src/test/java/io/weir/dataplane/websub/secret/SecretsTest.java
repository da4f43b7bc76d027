package io.weir.dataplane.websub.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.dataplane.websub.WebhookConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private final SecretCipher cipher = new SecretCipher(WebhookConfig.DEV_KEY, "dev");

    @Test
    void signsLikeTheWebSubSpecification() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the well-known test vector
        assertThat(Signature.of("key".getBytes(StandardCharsets.UTF_8),
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void aSignerKeyedOnceSignsEveryBodyLikeAFreshSignature() {
        Signature.Signer signer = Signature.signer("key".getBytes(StandardCharsets.UTF_8));
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"event\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(signer.sign(fox)).isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(signer.sign(other)).as("no state left from the previous body")
                .isEqualTo(Signature.of("key".getBytes(StandardCharsets.UTF_8), other));
        assertThat(signer.sign(fox)).isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void aSecretRoundTripsAndIsNeverStoredInClear() {
        byte[] sealed = cipher.encrypt("my secret");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("my secret");
        assertThat(cipher.encrypt("my secret")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(new String(cipher.decrypt(sealed, "dev"), StandardCharsets.UTF_8)).isEqualTo("my secret");
    }

    @Test
    void anotherKeyOrATamperedSecretDoesNotOpen() {
        byte[] sealed = cipher.encrypt("my secret");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "k2")).isInstanceOf(IllegalArgumentException.class);
        SecretCipher other = new SecretCipher(Base64.getEncoder().encodeToString(new byte[32]), "dev");
        assertThatThrownBy(() -> other.decrypt(sealed, "dev")).isInstanceOf(IllegalArgumentException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "dev")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[20]), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
