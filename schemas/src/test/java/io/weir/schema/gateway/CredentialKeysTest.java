package io.weir.schema.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CredentialKeysTest {

    @Test
    void anApiKeyIsKeyedByTheLowercaseHexOfItsSha256() {
        assertThat(CredentialKeys.forApiKey("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CredentialKeys.forApiKey("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(CredentialKeys.forOAuthClient("client-1")).isEqualTo("oauth:client-1");
    }

    @Test
    void theSameKeyHashesTheSameOnEveryThreadAndAfterOtherKeys() {
        String expected = CredentialKeys.forApiKey("s3cret-key");
        List<CompletableFuture<String>> hashes = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    CredentialKeys.forApiKey("other-" + i);
                    return CredentialKeys.forApiKey("s3cret-key");
                })).toList();
        assertThat(hashes).allSatisfy(hash -> assertThat(hash.join()).isEqualTo(expected));
    }
}
