package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.AggregateScenario.ORGANIZATION;
import static io.weir.processors.aggregate.AggregateScenario.at;
import static io.weir.processors.aggregate.AggregateScenario.scenario;
import static io.weir.schema.command.RejectionReason.ALREADY_EXISTS;
import static io.weir.schema.command.RejectionReason.INVALID_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.OrganizationCreated;
import io.weir.schema.view.OrganizationView;
import org.junit.jupiter.api.Test;

class OrganizationAggregateTest {

    private final AggregateScenario<OrganizationView> organization = scenario(new OrganizationAggregate(), ORGANIZATION);

    @Test
    void createsAnOrganizationOnce() {
        organization.when(new CreateOrganization(ORGANIZATION, "Acme Corp"))
                .thenEvents(new OrganizationCreated(ORGANIZATION, "Acme Corp"));
        organization.when(new CreateOrganization(ORGANIZATION, "Acme Corp")).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void theNameIsTheIdAndHasNoSlash() {
        organization.when(new CreateOrganization("globex", "Globex")).thenRejected(INVALID_COMMAND, "/payload/name");
        scenario(new OrganizationAggregate(), "a/b").when(new CreateOrganization("a/b", "A B"))
                .thenRejected(INVALID_COMMAND, "/payload/name");
        organization.when(new CreateOrganization(ORGANIZATION, "")).thenRejected(INVALID_COMMAND, "/payload/displayName");
    }

    @Test
    void foldingTheHistoryYieldsTheView() {
        organization.given(new OrganizationCreated(ORGANIZATION, "Acme Corp"));

        assertThat(organization.state())
                .isEqualTo(new OrganizationView(ORGANIZATION, ORGANIZATION, 1L, ORGANIZATION, "Acme Corp", at(1)));
        assertThat(organization.deleted()).isFalse();
    }
}
