package io.weir.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityConfigTest {

    @Test
    void defaultsWorkForWeirUp() {
        SecurityConfig config = config(Map.of("weir.home", "/repo/.weir"));

        assertThat(config.keysDir()).isEqualTo(Path.of("/repo/.weir/control-plane-keys"));
        assertThat(config.bootstrapCredentialsFile()).isEqualTo(Path.of("/repo/.weir/bootstrap-admin.txt"));
        assertThat(config.tokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(config.keyRotationPeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(config.keyGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.passwordHashIterations()).isGreaterThanOrEqualTo(PasswordHasher.MIN_ITERATIONS);
        assertThat(config.bootstrapEnabled()).isTrue();
        assertThat(config.issuer()).isEqualTo("weir-control-plane");
    }

    @Test
    void withoutWeirHomeFilesGoUnderDotWeir() {
        SecurityConfig config = config(Map.of());

        assertThat(config.keysDir()).isEqualTo(Path.of(".weir/control-plane-keys"));
    }

    private static SecurityConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SecurityConfig.class)
                .build();
        return config.getConfigMapping(SecurityConfig.class);
    }
}
