package io.weir.controlplane.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.controlplane.security.PasswordHasher;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.organization.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedingTest {

    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @TempDir
    Path home;
    private final FakeCommandProcessor processor = new FakeCommandProcessor();

    private Seeding seeding(Path credentials, String password) {
        return new Seeding(processor, processor::user, HASHER, () -> password, credentials, "http://localhost:8000",
                Clock.systemUTC());
    }

    @Test
    void seedsThePlatformAndWritesTheAdminCredentialsOnce() throws Exception {
        Path credentials = home.resolve("bootstrap-admin.txt");

        Seeding.Outcome outcome = seeding(credentials, "Kq7vT2mXp9RwZb4NcH6jLs8D").seed();

        assertThat(outcome).isEqualTo(Seeding.Outcome.ADMIN_CREATED);
        assertThat(Files.readAllLines(credentials)).containsExactly("username=admin", "password=Kq7vT2mXp9RwZb4NcH6jLs8D");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(processor.received).hasSize(14);
        assertThat(processor.received).allSatisfy(command -> {
            assertThat(command.getActor()).isEqualTo("weir-bootstrap");
            assertThat(command.getOrganization()).isEqualTo("default");
        });
        var admin = processor.users.get("admin");
        assertThat(admin.getRoles()).containsExactly(Role.ADMIN);
        assertThat(HASHER.verify("Kq7vT2mXp9RwZb4NcH6jLs8D", admin.getPasswordHash())).isTrue();
        assertThat(admin.getPasswordHash()).doesNotContain("Kq7vT2mXp9RwZb4NcH6jLs8D");
    }

    @Test
    void aSecondInstanceSeedingTooChangesNothingAndWritesNoCredentials() throws Exception {
        Path mine = home.resolve("a/bootstrap-admin.txt");
        Path theirs = home.resolve("b/bootstrap-admin.txt");
        seeding(mine, "FirstInstancePassword234").seed();
        String storedHash = processor.users.get("admin").getPasswordHash();

        Seeding.Outcome outcome = seeding(theirs, "SecondInstancePassword56").seed();

        assertThat(outcome).isEqualTo(Seeding.Outcome.ADMIN_CREATED_ELSEWHERE);
        assertThat(theirs).doesNotExist();
        assertThat(Files.readAllLines(mine)).contains("password=FirstInstancePassword234");
        assertThat(processor.users.get("admin").getPasswordHash()).isEqualTo(storedHash);
        assertThat(processor.users.get("admin").getRoles()).containsExactly(Role.ADMIN);
        List<String> ids = processor.received.stream().map(CommandEnvelope::getCommandId).toList();
        assertThat(ids.subList(14, 28)).isEqualTo(ids.subList(0, 14));
    }

    @Test
    void alreadyExistingThingsAreFine() {
        seeding(home.resolve("first.txt"), "FirstInstancePassword234").seed();
        FakeCommandProcessor freshIds = new FakeCommandProcessor();
        freshIds.refuse("default", RejectionReason.ALREADY_EXISTS);
        freshIds.refuse("production", RejectionReason.ALREADY_EXISTS);

        Seeding.Outcome outcome = new Seeding(freshIds, freshIds::user, HASHER, () -> "AnotherPassword234567890",
                home.resolve("second.txt"), "http://localhost:8000", Clock.systemUTC()).seed();

        assertThat(outcome).isEqualTo(Seeding.Outcome.ADMIN_CREATED);
    }

    @Test
    void anyOtherRejectionFailsTheSeed() {
        processor.refuse("sandbox", RejectionReason.INVALID_COMMAND);

        assertThatThrownBy(() -> seeding(home.resolve("x.txt"), "Password2345678901234567").seed())
                .isInstanceOf(Seeding.SeedRejected.class)
                .hasMessageContaining("environment/sandbox").hasMessageContaining("INVALID_COMMAND");
        assertThat(home.resolve("x.txt")).doesNotExist();
    }

    @Test
    void generatedPasswordsAre24RandomCharacters() {
        String a = AdminCredentials.generatePassword();

        assertThat(a).hasSize(24).matches("[A-Za-z0-9]+").isNotEqualTo(AdminCredentials.generatePassword());
    }
}
