package io.weir.controlplane.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Configuration of the control plane's token service and first-start bootstrap ({@code weir.control-plane.security.*}). */
@ConfigMapping(prefix = "weir.control-plane.security")
public interface SecurityConfig {

    /** Directory of the RS256 signing keys (PEM per key id); never on Kafka; every control-plane instance must share it. */
    @WithDefault("${weir.home:.weir}/control-plane-keys")
    Path keysDir();

    /** The {@code iss} of issued tokens, checked on verification (set it to the public base URL in a cluster). */
    @WithDefault("weir-control-plane")
    String issuer();

    /** Lifetime of an access token ({@code exp - iat}). */
    @WithDefault("1h")
    Duration tokenLifetime();

    /** Clock difference tolerated when checking {@code exp}, {@code iat} and {@code nbf}. */
    @WithDefault("30s")
    Duration clockSkew();

    /** Age at which the active signing key is replaced by a new one. */
    @WithDefault("30d")
    Duration keyRotationPeriod();

    /** How long a replaced key stays in the JWKS beyond {@code token-lifetime}, so tokens it signed keep verifying. */
    @WithDefault("1h")
    Duration keyGrace();

    /** PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023: 600000; at least 210000). */
    @WithDefault("600000")
    int passwordHashIterations();

    /** Seed the platform (organization, environments, tiers, admin) on first start when no user exists. */
    @WithDefault("true")
    boolean bootstrapEnabled();

    /** Where the generated admin credentials are written once (mode 600). */
    @WithDefault("${weir.home:.weir}/bootstrap-admin.txt")
    Path bootstrapCredentialsFile();

    /** Gateway URL of the seeded production and sandbox environments. */
    @WithDefault("http://localhost:8000")
    String bootstrapGatewayUrl();
}
