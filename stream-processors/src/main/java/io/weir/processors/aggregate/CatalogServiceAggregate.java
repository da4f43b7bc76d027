package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.CatalogServiceRegistered;
import io.weir.schema.catalog.CatalogServiceRemoved;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.catalog.CatalogServiceUpdated;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.CatalogServiceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Service Catalog entry (WSO2's Service Catalog): a service described by an OpenAPI or AsyncAPI
 * document, reached at an endpoint or a Kafka topic, registered by a publisher or a CDC source.
 * The aggregate id is derived from organization and name ({@link CatalogServiceIds}), so a name is
 * unique per organization without a reservation. Each update is a new version of the service;
 * APIs that follow the service are refreshed from it by {@code CatalogFollowersTopology}.
 */
final class CatalogServiceAggregate implements Aggregate<CatalogServiceView> {

    @Override
    public AggregateType type() {
        return AggregateType.CATALOG_SERVICE;
    }

    @Override
    public Class<CatalogServiceView> stateType() {
        return CatalogServiceView.class;
    }

    @Override
    public Decision decide(CatalogServiceView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        if (payload instanceof RegisterCatalogService register) {
            if (state != null && !state.getRemoved()) {
                return Rejections.alreadyExists("catalog service '" + state.getName() + "' already exists");
            }
            return firstOf(
                    () -> invalidIf(isBlank(register.getName()) || register.getName().length() > 200, "/payload/name",
                            "name must not be blank and at most 200 characters"),
                    () -> invalidIf(!command.getAggregateId().equals(
                                    CatalogServiceIds.of(command.getOrganization(), register.getName())), "/aggregateId",
                            "the id of a catalog service is CatalogServiceIds.of(organization, name)"),
                    () -> CatalogServiceSpecs.check(register.getSpec()))
                    .orElseGet(() -> Decision.accept(new CatalogServiceRegistered(register.getName(), register.getSpec())));
        }
        if (state == null || state.getRemoved()) {
            return Rejections.notFound("catalog service " + command.getAggregateId() + " does not exist");
        }
        if (payload instanceof UpdateCatalogService update) {
            return firstOf(
                    () -> CatalogServiceSpecs.check(update.getSpec()),
                    () -> CatalogServiceSpecs.checkChange(state.getSpec(), update.getSpec()))
                    .orElseGet(() -> Decision.accept(new CatalogServiceUpdated(state.getName(),
                            state.getSpec().getVersion(), update.getSpec())));
        }
        if (payload instanceof RemoveCatalogService) {
            return Decision.accept(new CatalogServiceRemoved(state.getName()));
        }
        return Rejections.notACommandFor("catalog service", payload);
    }

    @Override
    public CatalogServiceView evolve(CatalogServiceView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof CatalogServiceRegistered registered) {
            return CatalogServiceView.newBuilder()
                    .setServiceId(event.getAggregateId())
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setName(registered.getName())
                    .setSpec(registered.getSpec())
                    .setPreviousVersions(new ArrayList<>())
                    .setCreatedAt(event.getOccurredAt())
                    .setUpdatedAt(event.getOccurredAt())
                    .setRemoved(false)
                    .build();
        }
        if (state == null) {
            throw new IllegalStateException(payload.getClass().getSimpleName()
                    + " before CatalogServiceRegistered for catalog service " + event.getAggregateId());
        }
        CatalogServiceView.Builder next = CatalogServiceView.newBuilder(state)
                .setOrganization(event.getOrganization())
                .setVersion(event.getAggregateVersion())
                .setUpdatedAt(event.getOccurredAt());
        if (payload instanceof CatalogServiceUpdated updated) {
            List<String> previous = new ArrayList<>(state.getPreviousVersions());
            previous.add(updated.getPreviousVersion());
            return next.setSpec(updated.getSpec()).setPreviousVersions(previous).build();
        }
        if (payload instanceof CatalogServiceRemoved) {
            return next.setRemoved(true).build();
        }
        throw new IllegalArgumentException("not a catalog service event: " + payload.getClass().getName());
    }

    @Override
    public boolean isDeleted(CatalogServiceView state) {
        return state.getRemoved();
    }

    /** True when an API built from {@code before} needs a new working copy for {@code after}. */
    static boolean changesWhatApisUse(CatalogServiceSpec before, CatalogServiceSpec after) {
        return !Objects.equals(before.getDefinition(), after.getDefinition())
                || !Objects.equals(before.getEndpoint(), after.getEndpoint())
                || !Objects.equals(before.getKafkaTopic(), after.getKafkaTopic());
    }
}
