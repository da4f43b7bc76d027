package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    private static final Duration ROTATION = Duration.ofDays(30);
    private static final Duration RETENTION = Duration.ofHours(2);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

    private SigningKeys open() {
        return new SigningKeys(dir, ROTATION, RETENTION, clock);
    }

    @Test
    void firstStartCreatesAKeyAsPemFilesNamedByKid() throws Exception {
        SigningKeys.SigningKey key = open().active();

        assertThat(key.kid()).matches("20250301T100000000Z-[0-9a-f]{8}");
        Path privateFile = dir.resolve(key.kid() + ".key.pem");
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve(key.kid() + ".pub.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
    }

    @Test
    void aRestartReloadsTheSameKeyFromDisk() {
        SigningKeys.SigningKey before = open().active();
        clock.advance(Duration.ofDays(1));

        SigningKeys.SigningKey after = open().active();

        assertThat(after.kid()).isEqualTo(before.kid());
        assertThat(after.publicKey()).isEqualTo(before.publicKey());
        assertThat(after.privateKey()).isEqualTo(before.privateKey());
        assertThat(pemFiles()).hasSize(2);
    }

    @Test
    void aKeyOlderThanTheRotationPeriodIsReplacedAndStaysPublishedForTheRetention() {
        SigningKeys keys = open();
        String first = keys.active().kid();

        clock.advance(ROTATION.minusSeconds(1));
        assertThat(keys.active().kid()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        String second = keys.active().kid();
        assertThat(second).isNotEqualTo(first);
        assertThat(kids(keys.live())).containsExactly(second, first);
        assertThat(keys.verificationKey(first)).isPresent();

        clock.advance(RETENTION.minusSeconds(1));
        assertThat(kids(keys.live())).containsExactly(second, first);

        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(keys.live())).containsExactly(second);
        assertThat(keys.verificationKey(first)).isEmpty();
    }

    @Test
    void rotateKeepsTheOldKidInTheJwksAndARestartSeesBoth() throws Exception {
        SigningKeys keys = open();
        String old = keys.active().kid();

        String fresh = keys.rotate().kid();

        assertThat(keys.active().kid()).isEqualTo(fresh);
        JsonNode jwks = new ObjectMapper().readTree(Jwks.of(keys.live()));
        assertThat(jwks.get("keys")).hasSize(2);
        assertThat(jwks.get("keys").findValuesAsText("kid")).containsExactly(fresh, old);
        for (JsonNode jwk : jwks.get("keys")) {
            assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
            assertThat(jwk.get("alg").asText()).isEqualTo("RS256");
            assertThat(jwk.get("use").asText()).isEqualTo("sig");
            assertThat(jwk.get("n").asText()).isNotBlank();
            assertThat(jwk.get("e").asText()).isEqualTo("AQAB");
            assertThat(jwk.has("d")).as("no private part").isFalse();
        }

        SigningKeys restarted = open();
        assertThat(restarted.active().kid()).isEqualTo(fresh);
        assertThat(kids(restarted.live())).containsExactly(fresh, old);
    }

    @Test
    void retiredKeysAreDeletedAtTheNextRotation() {
        SigningKeys keys = open();
        String first = keys.active().kid();
        keys.rotate();
        clock.advance(RETENTION.plusSeconds(1));

        keys.rotate();

        assertThat(pemFiles()).hasSize(4).noneMatch(name -> name.startsWith(first));
    }

    @Test
    void anInstanceSharingTheDirectoryFindsKeysTheOtherCreated() {
        SigningKeys mine = open();
        mine.active();
        SigningKeys other = open();
        String theirs = other.rotate().kid();

        clock.advance(Duration.ofSeconds(1));

        assertThat(mine.verificationKey(theirs)).isPresent();
        assertThat(mine.active().kid()).isEqualTo(theirs);
    }

    private List<String> pemFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pem")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> kids(List<SigningKeys.SigningKey> keys) {
        return keys.stream().map(SigningKeys.SigningKey::kid).toList();
    }
}
