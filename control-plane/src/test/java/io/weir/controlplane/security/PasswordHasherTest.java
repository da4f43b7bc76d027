package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void hashesAsAPhcStringTheCommandProcessorAccepts() {
        String hash = HASHER.hash("correct horse battery staple");

        assertThat(hash).matches("\\$pbkdf2-sha256\\$i=210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        // UserAggregate's PHC pattern
        assertThat(hash).matches("\\$[a-z0-9-]{1,32}(\\$[A-Za-z0-9+/.=,-]+)+");
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = HASHER.hash("s3cret-Passw0rd");

        assertThat(HASHER.verify("s3cret-Passw0rd", hash)).isTrue();
        assertThat(HASHER.verify("s3cret-passw0rd", hash)).isFalse();
        assertThat(HASHER.verify("", hash)).isFalse();
        assertThat(HASHER.verify(null, hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(HASHER.hash("same")).isNotEqualTo(HASHER.hash("same"));
    }

    @Test
    void aHashKeepsItsOwnIterationCount() {
        String cheap = HASHER.hash("pw");
        PasswordHasher stronger = new PasswordHasher(300_000);

        assertThat(stronger.verify("pw", cheap)).isTrue();
        assertThat(stronger.hash("pw")).startsWith("$pbkdf2-sha256$i=300000$");
    }

    @Test
    void refusesTamperedOrForeignHashes() {
        String hash = HASHER.hash("pw");
        String[] parts = hash.split("\\$");
        String otherSalt = "$pbkdf2-sha256$" + parts[2] + "$" + "AAAAAAAAAAAAAAAAAAAAAA" + "$" + parts[4];

        assertThat(HASHER.verify("pw", otherSalt)).isFalse();
        assertThat(HASHER.verify("pw", hash.replace("i=210000", "i=210001"))).isFalse();
        assertThat(HASHER.verify("pw", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).isFalse();
        assertThat(HASHER.verify("pw", "garbage")).isFalse();
        assertThat(HASHER.verify("pw", null)).isFalse();
    }

    @Test
    void refusesTooFewIterationsAndAbsurdPasswords() {
        assertThatThrownBy(() -> new PasswordHasher(100_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HASHER.hash("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HASHER.hash("x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifyingNothingIsAlwaysFalse() {
        assertThat(HASHER.verifyNothing("anything")).isFalse();
        assertThat(HASHER.verifyNothing(null)).isFalse();
    }
}
