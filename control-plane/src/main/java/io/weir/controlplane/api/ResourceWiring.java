package io.weir.controlplane.api;

import io.weir.controlplane.api.users.PasswordHashing;
import io.weir.controlplane.history.EventHistory;
import io.weir.controlplane.security.CallerContext;
import io.weir.controlplane.security.PasswordHasher;
import io.weir.controlplane.view.GatewayNodes;
import io.weir.controlplane.view.Views;
import io.weir.controlplane.write.Writes;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.EnvironmentView;
import io.weir.schema.view.OrganizationView;
import io.weir.schema.view.SubscriptionView;
import io.weir.schema.view.ThrottlingPolicyView;
import io.weir.schema.view.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Binds the resources' ports to the caller of the request, the write path, the view mirrors, the
 * event history and the password hasher.
 */
@ApplicationScoped
class ResourceWiring {

    @Produces
    CallerProvider callers(CallerContext context) {
        return context::current;
    }

    @Produces
    PasswordHashing passwordHashing(PasswordHasher hasher) {
        return hasher::hash;
    }

    @Produces
    Commands commands(Writes writes) {
        return writes::execute;
    }

    @Produces
    EventLog eventLog(EventHistory history) {
        return history::of;
    }

    @Produces
    ViewReader<ApiView> apis(Views views) {
        return ViewReader.of(views::apis);
    }

    @Produces
    ViewReader<ApplicationView> applications(Views views) {
        return ViewReader.of(views::applications);
    }

    @Produces
    ViewReader<SubscriptionView> subscriptions(Views views) {
        return ViewReader.of(views::subscriptions);
    }

    @Produces
    ViewReader<ThrottlingPolicyView> policies(Views views) {
        return ViewReader.of(views::policies);
    }

    @Produces
    ViewReader<EnvironmentView> environments(Views views) {
        return ViewReader.of(views::environments);
    }

    @Produces
    ViewReader<OrganizationView> organizations(Views views) {
        return ViewReader.of(views::organizations);
    }

    @Produces
    ViewReader<UserView> users(Views views) {
        return ViewReader.of(views::users);
    }

    @Produces
    ViewReader<GatewayNodeStatus> gatewayNodes(GatewayNodes nodes) {
        return ViewReader.of(nodes::mirror);
    }
}
