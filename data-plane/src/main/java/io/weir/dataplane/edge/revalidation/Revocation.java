package io.weir.dataplane.edge.revalidation;

import io.weir.dataplane.auth.Authentication.Refused;

/**
 * Why an open connection was ended: the stable code its caller would now be refused with (the
 * WebSocket close reason, the SSE {@code error} event's code, the CONNECTION_CLOSED record's
 * errorCode) and a sentence for people.
 */
public record Revocation(String code, String message) {

    public static final String CREDENTIAL_REVOKED = "credential-revoked";
    public static final String API_UNAVAILABLE = "api-unavailable";
    public static final String TOKEN_EXPIRED = "token-expired";

    static Revocation apiUnavailable(String why) {
        return new Revocation(API_UNAVAILABLE, "The API is " + why + ".");
    }

    static Revocation tokenExpired() {
        return new Revocation(TOKEN_EXPIRED, "The access token has expired.");
    }

    /**
     * The refusal a new handshake would get now. A credential that is gone from the gateway (its
     * record tombstoned) is refused at a handshake as unknown ({@code api-key-invalid},
     * {@code token-client-unknown}); for a connection that was admitted with it, it was revoked.
     */
    static Revocation of(Refused refused) {
        return switch (refused.code()) {
            case "api-key-invalid", "token-client-unknown" ->
                    new Revocation(CREDENTIAL_REVOKED, "The credential was revoked.");
            default -> new Revocation(refused.code(), refused.detail());
        };
    }
}
