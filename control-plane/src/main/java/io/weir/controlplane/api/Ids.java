package io.weir.controlplane.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids the server chooses for new aggregates (and keys). With an {@code Idempotency-Key} the id is
 * derived from it, so a retried create addresses the same aggregate and gets the first outcome
 * instead of creating a twin under a fresh random id.
 */
public final class Ids {

    private Ids() {
    }

    /**
     * @param kind what the id names ("api", "application", "api-key", ...), so one key used for two
     *             different creates yields two ids
     */
    public static String newId(String kind, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes((kind + "/" + idempotencyKey.trim()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
