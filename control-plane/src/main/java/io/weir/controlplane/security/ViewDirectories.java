package io.weir.controlplane.security;

import io.weir.controlplane.view.Views;
import io.weir.schema.view.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Users and OAuth clients as the management views show them. A client is found by scanning the
 * applications (no index by client id exists); deleted applications have no usable clients.
 */
@ApplicationScoped
class ViewDirectories implements UserDirectory, ClientDirectory {

    private final Views views;

    ViewDirectories(Views views) {
        this.views = views;
    }

    @Override
    public boolean ready() {
        return views.users().caughtUp() && views.applications().caughtUp();
    }

    @Override
    public Optional<UserView> user(String username) {
        return views.users().get(username);
    }

    @Override
    public Optional<RegisteredClient> client(String clientId) {
        return views.applications().all().stream()
                .filter(application -> !application.getDeleted())
                .flatMap(application -> application.getOauthClients().stream()
                        .filter(client -> client.getClientId().equals(clientId))
                        .map(client -> new RegisteredClient(application, client)))
                .findFirst();
    }
}
