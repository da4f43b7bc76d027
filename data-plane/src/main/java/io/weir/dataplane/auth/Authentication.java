package io.weir.dataplane.auth;

import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import io.weir.schema.invocation.InvocationCredentialKind;

/** Who is calling, as far as the gateway could establish it, or why the call is refused. */
public sealed interface Authentication permits Authentication.Anonymous, Authentication.Subscribed,
        Authentication.Refused {

    /** A resource that asks for no credential. */
    record Anonymous() implements Authentication {
    }

    /** A valid credential of an application with an active subscription to the API. */
    record Subscribed(InvocationCredentialKind kind, GatewayCredential credential, GatewaySubscription subscription)
            implements Authentication {
    }

    /**
     * Refused with an HTTP status (401 no or bad credential, 403 not allowed), a stable code for
     * the problem type, and a detail for people. {@code kind} and {@code credential} are set when
     * a credential was recognised (analytics shows whose calls were refused).
     */
    record Refused(int status, String code, String detail, InvocationCredentialKind kind, GatewayCredential credential)
            implements Authentication {

        static Refused unauthenticated(String code, String detail, InvocationCredentialKind kind) {
            return new Refused(401, code, detail, kind, null);
        }

        static Refused forbidden(String code, String detail, InvocationCredentialKind kind, GatewayCredential credential) {
            return new Refused(403, code, detail, kind, credential);
        }
    }
}
