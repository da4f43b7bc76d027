package io.weir.dataplane.auth;

import io.weir.dataplane.config.GatewayConfig;
import java.lang.reflect.Proxy;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Real RS256 access tokens for unit tests, and the {@link AccessTokens} that trusts their key (a
 * JWKS held in memory instead of fetched from the control plane).
 */
public final class SignedTokens {

    private static final String ISSUER = "weir-test";
    private final RsaJsonWebKey key;
    private final AccessTokens tokens;

    public SignedTokens() throws Exception {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("test-key");
        GatewayConfig config = (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[]{GatewayConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "jwksUrl" -> "http://127.0.0.1:1/jwks";
                    case "tokenIssuer" -> ISSUER;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        JsonWebKeySet published = new JsonWebKeySet(new RsaJsonWebKey(key.getRsaPublicKey()));
        published.getJsonWebKeys().get(0).setKeyId(key.getKeyId());
        tokens = new AccessTokens(new JwksKeys(config) {
            @Override
            public JsonWebKeySet current() {
                return published;
            }
        }, config);
    }

    public AccessTokens accessTokens() {
        return tokens;
    }

    /** A token of the OAuth client, for the gateway audience, expiring at {@code expiresAtSeconds}. */
    public String token(String clientId, long expiresAtSeconds) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(clientId);
        claims.setAudience(List.of(AccessTokens.GATEWAY_AUDIENCE));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAtSeconds));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
