package io.weir.controlplane.security;

import io.weir.schema.view.UserView;
import java.util.Optional;

/** The management users the token endpoint signs in (in production the users view, see {@link ViewDirectories}). */
interface UserDirectory {

    /** False while the view is still being read: a missing user may then exist. */
    boolean ready();

    Optional<UserView> user(String username);
}
