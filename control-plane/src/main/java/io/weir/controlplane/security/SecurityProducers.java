package io.weir.controlplane.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Wires the token service from {@link SecurityConfig}. The signing keys are loaded (or the first one
 * created) at start, so a misconfigured key directory fails the start rather than the first sign-in.
 */
@Singleton
class SecurityProducers {

    private final SecurityConfig config;
    private final Clock clock = Clock.systemUTC();

    SecurityProducers(SecurityConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent started, SigningKeys keys) {
        keys.active();
    }

    @Produces
    @Singleton
    SigningKeys signingKeys() {
        return new SigningKeys(config.keysDir(), config.keyRotationPeriod(),
                config.tokenLifetime().plus(config.keyGrace()), clock);
    }

    @Produces
    @Singleton
    PasswordHasher passwordHasher() {
        return new PasswordHasher(config.passwordHashIterations());
    }

    @Produces
    @Singleton
    TokenIssuer tokenIssuer(SigningKeys keys) {
        return new TokenIssuer(keys, config.issuer(), config.tokenLifetime(), clock);
    }

    @Produces
    @Singleton
    TokenVerifier tokenVerifier(SigningKeys keys) {
        return new TokenVerifier(keys, config.issuer(), config.clockSkew(), clock);
    }

    @Produces
    @Singleton
    TokenGrants tokenGrants(UserDirectory users, ClientDirectory clients, PasswordHasher passwords, TokenIssuer issuer) {
        return new TokenGrants(users, clients, passwords, issuer, clock);
    }
}
