package io.weir.controlplane.api.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.SecretHashes;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aSecretIs32RandomBytesAsBase64Url() {
        Secrets.Issued issued = Secrets.issue();

        assertThat(issued.secret()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(issued.secret())).hasSize(32);
    }

    @Test
    void theStoredPartsAreThePrefixAndTheHexSha256() {
        Secrets.Issued issued = Secrets.issue();

        assertThat(issued.prefix()).isEqualTo(issued.secret().substring(0, 8));
        assertThat(issued.hash()).isEqualTo(SecretHashes.sha256Hex(issued.secret())).matches("[0-9a-f]{64}");
        assertThat(issued.hash()).doesNotContain(issued.secret());
    }

    @Test
    void theHashIsTheStandardSha256OfTheText() {
        assertThat(SecretHashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void noTwoSecretsAreAlike() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(Secrets.issue().secret());
        }
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void aReplayedIssueIsRefusedRatherThanShowingAKeyThatWasNeverStored() {
        Secrets.Issued issued = Secrets.issue();

        assertThatNoException().isThrownBy(() -> Secrets.requireRecorded(issued.hash(), issued));
        assertThatNoException().isThrownBy(() -> Secrets.requireRecorded(null, issued));
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> Secrets.requireRecorded(Secrets.issue().hash(), issued));
        assertThat(e.problem().status()).isEqualTo(409);
        assertThat(e.problem().type()).endsWith("/secret-not-repeatable");
    }
}
