package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.OrganizationCreated;
import io.weir.schema.view.OrganizationView;
import java.util.regex.Pattern;

/**
 * An organization (WSO2 tenant), aggregate id = its name. Its name is a segment of other ids
 * (policies are {@code <organization>/<level>/<name>}), so it may not contain '/' or spaces.
 * Organizations are never deleted.
 */
final class OrganizationAggregate implements Aggregate<OrganizationView> {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,64}");

    @Override
    public AggregateType type() {
        return AggregateType.ORGANIZATION;
    }

    @Override
    public Class<OrganizationView> stateType() {
        return OrganizationView.class;
    }

    @Override
    public Decision decide(OrganizationView state, CommandEnvelope command, DecisionContext context) {
        if (!(command.getPayload() instanceof CreateOrganization create)) {
            return state == null
                    ? Rejections.notFound("organization " + command.getAggregateId() + " does not exist")
                    : Rejections.notACommandFor("organization", command.getPayload());
        }
        if (state != null) {
            return Rejections.alreadyExists("organization " + command.getAggregateId() + " already exists");
        }
        return firstOf(
                () -> invalidIf(create.getName() == null || !NAME.matcher(create.getName()).matches()
                                || !create.getName().equals(command.getAggregateId()), "/payload/name",
                        "name must match [a-zA-Z0-9._-]{1,64} and equal the aggregate id"),
                () -> invalidIf(isBlank(create.getDisplayName()), "/payload/displayName", "displayName must not be blank"))
                .orElseGet(() -> Decision.accept(new OrganizationCreated(create.getName(), create.getDisplayName())));
    }

    @Override
    public OrganizationView evolve(OrganizationView state, EventEnvelope event) {
        if (!(event.getPayload() instanceof OrganizationCreated created)) {
            throw new IllegalArgumentException("not an organization event: " + event.getPayload().getClass().getName());
        }
        return OrganizationView.newBuilder()
                .setOrganizationId(event.getAggregateId())
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setName(created.getName())
                .setDisplayName(created.getDisplayName())
                .setCreatedAt(event.getOccurredAt())
                .build();
    }

    @Override
    public boolean isDeleted(OrganizationView state) {
        return false;
    }
}
