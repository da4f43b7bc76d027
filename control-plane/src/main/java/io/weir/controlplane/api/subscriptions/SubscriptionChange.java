package io.weir.controlplane.api.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.json.JsonInputException;
import io.weir.schema.organization.Role;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.UnblockSubscription;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@code PATCH /subscriptions/{id}} asks for, as one command and the role it needs: the API
 * publisher approves, blocks and unblocks ({@code {"action":"block","scope":"PRODUCTION","reason":..}});
 * the subscriber moves to another tier ({@code {"tier":"Gold"}}). Bad bodies are 400 with a pointer.
 */
record SubscriptionChange(Object command, Role role) {

    private static final Set<String> FIELDS = Set.of("action", "scope", "reason", "comment", "tier");

    static SubscriptionChange parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new JsonInputException("", "must be an object with an action or a tier");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new JsonInputException("/" + name, "is not a known field; expected one of " + FIELDS);
            }
        });
        String tier = text(body, "tier");
        String action = text(body, "action");
        if (tier != null) {
            if (action != null) {
                throw new JsonInputException("/tier", "cannot come with an action: change the tier in its own request");
            }
            onlyWith(body, "a tier change", "tier");
            if (tier.isBlank()) {
                throw new JsonInputException("/tier", "must not be blank");
            }
            return new SubscriptionChange(new ChangeSubscriptionTier(tier), Role.SUBSCRIBER);
        }
        if (action == null) {
            throw new JsonInputException("/action", "is required (approve, block or unblock) unless a tier is given");
        }
        return switch (action.toLowerCase(Locale.ROOT)) {
            case "approve" -> {
                onlyWith(body, "approve", "action", "comment");
                yield new SubscriptionChange(new ApproveSubscription(text(body, "comment")), Role.PUBLISHER);
            }
            case "block" -> {
                onlyWith(body, "block", "action", "scope", "reason");
                yield new SubscriptionChange(new BlockSubscription(scope(text(body, "scope")), text(body, "reason")),
                        Role.PUBLISHER);
            }
            case "unblock" -> {
                onlyWith(body, "unblock", "action");
                yield new SubscriptionChange(new UnblockSubscription(), Role.PUBLISHER);
            }
            default -> throw new JsonInputException("/action", "must be approve, block or unblock, not '" + action + "'");
        };
    }

    /** ALL (the default) or PRODUCTION (also spelled PRODUCTION_ONLY, as in the schema). */
    private static BlockScope scope(String scope) {
        if (scope == null) {
            return BlockScope.ALL;
        }
        return switch (scope.toUpperCase(Locale.ROOT)) {
            case "ALL" -> BlockScope.ALL;
            case "PRODUCTION", "PRODUCTION_ONLY" -> BlockScope.PRODUCTION_ONLY;
            default -> throw new JsonInputException("/scope", "must be ALL or PRODUCTION, not '" + scope + "'");
        };
    }

    private static void onlyWith(JsonNode body, String what, String... allowed) {
        Set<String> fields = Set.of(allowed);
        body.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new JsonInputException("/" + name, "does not apply to " + what);
            }
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonInputException("/" + field, "must be a string");
        }
        return value.asText();
    }
}
