package io.weir.controlplane.security;

import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

/** The RFC 7517 key set a verifier (a gateway, the control plane itself) fetches from {@code /oauth2/jwks}. */
final class Jwks {

    private Jwks() {
    }

    static String of(List<SigningKeys.SigningKey> keys) {
        List<JsonWebKey> jwks = keys.stream().<JsonWebKey>map(key -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            return jwk;
        }).toList();
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
