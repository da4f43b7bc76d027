package io.weir.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.gateway.CredentialKeys;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PresentedKeyHashesTest {

    private final PresentedKeyHashes hashes = new PresentedKeyHashes();

    @Test
    void givesTheCredentialKeyOfTheApiKeyFirstAndEveryTimeAfter() {
        String key = "wk_live_0123456789abcdef0123456789abcdef";
        assertThat(hashes.of(key)).isEqualTo(CredentialKeys.forApiKey(key));
        assertThat(hashes.of(new String(key.toCharArray()))).isEqualTo(CredentialKeys.forApiKey(key));
        assertThat(hashes.of("another")).isEqualTo(CredentialKeys.forApiKey("another"));
        assertThat(hashes.rememberedByThisThread()).isEqualTo(2);
    }

    @Test
    void remembersAtMostItsBoundPerThreadAndStaysRight() {
        for (int i = 0; i < PresentedKeyHashes.PER_THREAD * 3; i++) {
            assertThat(hashes.of("key-" + i)).isEqualTo(CredentialKeys.forApiKey("key-" + i));
        }
        assertThat(hashes.rememberedByThisThread()).isEqualTo(PresentedKeyHashes.PER_THREAD);
        assertThat(hashes.of("key-0")).isEqualTo(CredentialKeys.forApiKey("key-0")); // forgotten, hashed again
    }

    @Test
    void doesNotRememberOverlongKeys() {
        String huge = "k".repeat(8 * 1024);
        assertThat(hashes.of(huge)).isEqualTo(CredentialKeys.forApiKey(huge));
        assertThat(hashes.rememberedByThisThread()).isZero();
    }

    @Test
    void eachThreadRemembersItsOwn() throws Exception {
        hashes.of("mine");
        int elsewhere = CompletableFuture.supplyAsync(() -> {
            hashes.of("theirs");
            hashes.of("theirs-too");
            return hashes.rememberedByThisThread();
        }).get();
        assertThat(elsewhere).isEqualTo(2);
        assertThat(hashes.rememberedByThisThread()).isEqualTo(1);
    }
}
