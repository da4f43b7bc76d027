package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.environment.EnvironmentDefined;
import io.weir.schema.environment.EnvironmentRemoved;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.event.EventEnvelope;
import io.weir.schema.view.EnvironmentView;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A gateway environment (WSO2's "gateway environment"), aggregate id = its name. Removing an
 * environment that still serves API revisions is not checked here: deployments live in the API
 * aggregates, and the decision context cannot list them.
 */
final class EnvironmentAggregate implements Aggregate<EnvironmentView> {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Set<String> GATEWAY_SCHEMES = Set.of("http", "https", "ws", "wss");

    @Override
    public AggregateType type() {
        return AggregateType.ENVIRONMENT;
    }

    @Override
    public Class<EnvironmentView> stateType() {
        return EnvironmentView.class;
    }

    @Override
    public Decision decide(EnvironmentView state, CommandEnvelope command, DecisionContext context) {
        Object payload = command.getPayload();
        if (payload instanceof DefineEnvironment define) {
            if (state != null && !state.getRemoved()) {
                return Rejections.alreadyExists("environment " + command.getAggregateId() + " already exists");
            }
            return firstOf(
                    () -> invalidIf(define.getName() == null || !NAME.matcher(define.getName()).matches()
                                    || !define.getName().equals(command.getAggregateId()), "/payload/name",
                            "name must match [a-z0-9-]{1,63} and equal the aggregate id"),
                    () -> invalidIf(isBlank(define.getDisplayName()), "/payload/displayName", "displayName must not be blank"),
                    () -> ofGatewayUrls(define.getGatewayUrls()))
                    .orElseGet(() -> Decision.accept(EnvironmentDefined.newBuilder()
                            .setName(define.getName())
                            .setDisplayName(define.getDisplayName())
                            .setDescription(define.getDescription())
                            .setGatewayUrls(define.getGatewayUrls())
                            .build()));
        }
        if (state == null || state.getRemoved()) {
            return Rejections.notFound("environment " + command.getAggregateId() + " does not exist");
        }
        if (payload instanceof RemoveEnvironment) {
            return Decision.accept(new EnvironmentRemoved(state.getName()));
        }
        return Rejections.notACommandFor("environment", payload);
    }

    @Override
    public EnvironmentView evolve(EnvironmentView state, EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof EnvironmentDefined defined) {
            return EnvironmentView.newBuilder()
                    .setName(defined.getName())
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setDisplayName(defined.getDisplayName())
                    .setDescription(defined.getDescription())
                    .setGatewayUrls(defined.getGatewayUrls())
                    .setUpdatedAt(event.getOccurredAt())
                    .setRemoved(false)
                    .build();
        }
        if (state != null && payload instanceof EnvironmentRemoved) {
            return EnvironmentView.newBuilder(state)
                    .setOrganization(event.getOrganization())
                    .setVersion(event.getAggregateVersion())
                    .setUpdatedAt(event.getOccurredAt())
                    .setRemoved(true)
                    .build();
        }
        throw new IllegalArgumentException("cannot apply " + payload.getClass().getName()
                + " to environment " + event.getAggregateId() + (state == null ? " before EnvironmentDefined" : ""));
    }

    @Override
    public boolean isDeleted(EnvironmentView state) {
        return state.getRemoved();
    }

    /** Each URL is absolute with an http, https, ws or wss scheme and a host. */
    private static Optional<Decision> ofGatewayUrls(List<String> urls) {
        return IntStream.range(0, urls.size())
                .filter(i -> !isGatewayUrl(urls.get(i)))
                .mapToObj(i -> Rejections.invalid("/payload/gatewayUrls/" + i,
                        "gateway URLs are absolute http, https, ws or wss URLs"))
                .findFirst();
    }

    private static boolean isGatewayUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && GATEWAY_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
