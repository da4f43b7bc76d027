package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;
import static io.weir.schema.command.RejectionReason.UNKNOWN_POLICY;

import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.CreateApi;
import io.weir.schema.policy.PolicyLevel;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** What makes an API's identity and working copy acceptable, as a WSO2 API Manager publisher expects. */
final class ApiValidation {

    private ApiValidation() {
    }

    /** Identity (name, context, version, type) and settings of a new API. */
    static Optional<Decision> ofCreate(CreateApi create, String organization, DecisionContext context) {
        return firstOf(
                () -> invalidIf(isBlank(create.getName()), "/payload/name", "name must not be blank"),
                () -> ofContext(create.getContext()),
                () -> invalidIf(isBlank(create.getVersion()) || create.getVersion().chars().anyMatch(Character::isWhitespace),
                        "/payload/version", "version must not be blank or contain spaces"),
                () -> invalidIf(create.getApiType() == null || create.getApiType() == ApiType.UNSPECIFIED,
                        "/payload/apiType", "apiType must be one of HTTP, WS, SSE, WEBSUB, STREAM"),
                () -> ofSettings(create.getSettings(), organization, context));
    }

    /**
     * Settings of a create or update: every allowed tier is a SUBSCRIPTION-level policy of the
     * organization and the API throttling policy, if any, an API-level one.
     */
    static Optional<Decision> ofSettings(ApiSettings settings, String organization, DecisionContext context) {
        if (settings == null) {
            return Optional.of(Rejections.invalid("/payload/settings", "settings are required"));
        }
        List<String> tiers = settings.getAllowedTiers();
        Optional<Decision> unknownTier = IntStream.range(0, tiers.size())
                .filter(i -> References.policy(context, organization, PolicyLevel.SUBSCRIPTION, tiers.get(i)).isEmpty())
                .mapToObj(i -> Decision.reject(UNKNOWN_POLICY,
                        "tier '" + tiers.get(i) + "' is not a subscription policy of organization " + organization,
                        "/payload/settings/allowedTiers/" + i))
                .findFirst();
        if (unknownTier.isPresent()) {
            return unknownTier;
        }
        String apiPolicy = settings.getApiThrottlingPolicy();
        if (apiPolicy != null && References.policy(context, organization, PolicyLevel.API, apiPolicy).isEmpty()) {
            return Optional.of(Decision.reject(UNKNOWN_POLICY,
                    "'" + apiPolicy + "' is not an API-level policy of organization " + organization,
                    "/payload/settings/apiThrottlingPolicy"));
        }
        Long maxRequestBytes = settings.getMaxRequestBytes();
        return firstOf(
                () -> invalidIf(maxRequestBytes != null && maxRequestBytes <= 0,
                        "/payload/settings/maxRequestBytes", "maxRequestBytes must be positive"),
                () -> invalidIf(settings.getEndpoints() != null && settings.getEndpoints().getTimeoutMillis() <= 0,
                        "/payload/settings/endpoints/timeoutMillis", "timeoutMillis must be positive"));
    }

    /**
     * A context is a base path: starts with '/', no whitespace, no '..' segment tricks, and not
     * under {@code /q}, where every app (gateways included) serves health and metrics.
     */
    private static Optional<Decision> ofContext(String context) {
        return invalidIf(isBlank(context) || !context.startsWith("/")
                        || context.chars().anyMatch(Character::isWhitespace) || context.contains("..")
                        || context.equals("/q") || context.startsWith("/q/"),
                "/payload/context", "context must start with '/', contain neither spaces nor '..', and not be under /q (reserved)");
    }
}
