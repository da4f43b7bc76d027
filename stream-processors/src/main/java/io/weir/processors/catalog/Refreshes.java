package io.weir.processors.catalog;

import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.LifecycleStatus;
import io.weir.schema.api.RefreshApiServiceDefinition;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.view.ApiView;
import io.weir.schema.view.CatalogServiceView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether an API needs a new working copy for a catalog service version, and the command that
 * prepares it. Pure: the same service view and API give the same command, with a command id
 * derived from (API, service, service aggregate version), so a replayed view record is an
 * idempotent retry and never a second refresh.
 */
final class Refreshes {

    /** The actor of the commands this follower issues. */
    static final String ACTOR = "catalog-follower";

    private Refreshes() {
    }

    /**
     * @return the refresh command, or empty when the API does not follow this service (or belongs to
     * another organization, is deleted or retired) or its working copy already has this version's
     * definition and endpoint
     */
    static Optional<CommandEnvelope> of(CatalogServiceView service, ApiView api, long timestamp) {
        if (api == null || api.getDeleted() || api.getLifecycleStatus() == LifecycleStatus.RETIRED
                || !service.getServiceId().equals(api.getSettings().getFollowsCatalogService())
                || !service.getOrganization().equals(api.getOrganization())
                || upToDate(api.getSettings(), service)) {
            return Optional.empty();
        }
        String commandId = UUID.nameUUIDFromBytes(("catalog-follow/" + api.getApiId() + "/" + service.getServiceId()
                + "/" + service.getVersion()).getBytes(StandardCharsets.UTF_8)).toString();
        return Optional.of(CommandEnvelope.newBuilder()
                .setCommandId(commandId)
                .setAggregateType(AggregateType.API)
                .setAggregateId(api.getApiId())
                .setExpectedVersion(null)
                .setIssuedAt(Instant.ofEpochMilli(timestamp))
                .setActor(ACTOR)
                .setOrganization(api.getOrganization())
                .setCorrelationId(commandId)
                .setPayload(new RefreshApiServiceDefinition(service.getServiceId(), service.getSpec().getVersion(),
                        service.getSpec().getDefinition(), service.getSpec().getEndpoint()))
                .build());
    }

    private static boolean upToDate(ApiSettings settings, CatalogServiceView service) {
        String endpoint = service.getSpec().getEndpoint();
        return settings.getDefinition().equals(service.getSpec().getDefinition())
                && (endpoint == null || Objects.equals(endpoint, settings.getEndpoints().getProductionUrl()));
    }
}
