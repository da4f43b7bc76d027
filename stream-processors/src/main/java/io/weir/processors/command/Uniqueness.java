package io.weir.processors.command;

import io.weir.schema.api.ApiDeleted;
import io.weir.schema.api.CreateApi;
import io.weir.schema.application.ApplicationDeleted;
import io.weir.schema.application.CreateApplication;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.command.RejectionReason;
import io.weir.schema.event.EventEnvelope;
import java.util.Locale;
import java.util.Optional;

/**
 * The values that must be unique across aggregates (DESIGN.md rule 1): an API context per
 * organization and version, an application name per owner. Other unique names are aggregate ids
 * themselves (username, environment name, organization id, policy organization/level/name), so the
 * single writer per key already guarantees them.
 */
final class Uniqueness {

    private Uniqueness() {
    }

    /** The reservation key a command must hold before its aggregate sees it, if any. */
    static Optional<String> keyOf(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof CreateApi create) {
            return Optional.of(apiContextKey(command.getOrganization(), create.getContext(), create.getVersion()));
        }
        if (payload instanceof CreateApplication create) {
            return Optional.of(applicationNameKey(command.getOrganization(), create.getOwner(), create.getName()));
        }
        return Optional.empty();
    }

    /** The reservation an event gives back: the aggregate holding it was deleted. */
    static Optional<String> releasedBy(EventEnvelope event) {
        Object payload = event.getPayload();
        if (payload instanceof ApiDeleted deleted) {
            return Optional.of(apiContextKey(event.getOrganization(), deleted.getContext(), deleted.getVersion()));
        }
        if (payload instanceof ApplicationDeleted deleted) {
            return Optional.of(applicationNameKey(event.getOrganization(), deleted.getOwner(), deleted.getName()));
        }
        return Optional.empty();
    }

    /** The rejection a command gets when another aggregate holds its value. */
    static RejectionReason conflictReason(CommandEnvelope command) {
        return command.getPayload() instanceof CreateApi ? RejectionReason.DUPLICATE_CONTEXT : RejectionReason.DUPLICATE_NAME;
    }

    static String conflictMessage(CommandEnvelope command) {
        if (command.getPayload() instanceof CreateApi create) {
            return "another API of this organization already uses context " + create.getContext() + " with version "
                    + create.getVersion();
        }
        CreateApplication create = (CreateApplication) command.getPayload();
        return create.getOwner() + " already has an application named '" + create.getName() + "'";
    }

    static String conflictField(CommandEnvelope command) {
        return command.getPayload() instanceof CreateApi ? "/payload/context" : "/payload/name";
    }

    // contexts compare case-insensitively, as URL paths do at the gateway's router
    private static String apiContextKey(String organization, String context, String version) {
        return "api-context/" + organization + "/" + context.toLowerCase(Locale.ROOT) + "/" + version;
    }

    private static String applicationNameKey(String organization, String owner, String name) {
        return "application-name/" + organization + "/" + owner + "/" + name.toLowerCase(Locale.ROOT);
    }
}
