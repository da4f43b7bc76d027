package io.weir.controlplane.security;

import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.OAuthClientView;
import java.util.Optional;

/** The OAuth clients of applications (in production the applications view, see {@link ViewDirectories}). */
interface ClientDirectory {

    /** An OAuth client with the application it belongs to. */
    record RegisteredClient(ApplicationView application, OAuthClientView client) {
    }

    /** False while the view is still being read: a missing client may then exist. */
    boolean ready();

    Optional<RegisteredClient> client(String clientId);
}
