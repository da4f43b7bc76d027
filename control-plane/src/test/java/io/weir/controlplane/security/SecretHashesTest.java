package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretHashesTest {

    @Test
    void sha256AsLowercaseHex() {
        assertThat(SecretHashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void comparesHashesIgnoringHexCase() {
        String hash = SecretHashes.sha256Hex("secret");

        assertThat(SecretHashes.constantTimeEquals(hash, hash.toUpperCase())).isTrue();
        assertThat(SecretHashes.constantTimeEquals(hash, SecretHashes.sha256Hex("Secret"))).isFalse();
        assertThat(SecretHashes.constantTimeEquals(hash, hash.substring(1))).isFalse();
        assertThat(SecretHashes.constantTimeEquals(hash, null)).isFalse();
        assertThat(SecretHashes.constantTimeEquals(null, null)).isFalse();
    }
}
