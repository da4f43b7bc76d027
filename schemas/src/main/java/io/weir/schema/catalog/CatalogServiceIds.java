package io.weir.schema.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The id of a Service Catalog entry, derived from its organization and name: a service name is
 * unique per organization because the command processor is the single writer per aggregate id —
 * a second registration of the same name is the same aggregate and is refused as ALREADY_EXISTS.
 * The control plane and the CDC connectors derive ids the same way, so a CDC source re-registering
 * a table after a restart addresses the entry it created before.
 */
public final class CatalogServiceIds {

    private CatalogServiceIds() {
    }

    /** Names compare case-insensitively. */
    public static String of(String organization, String name) {
        String seed = "catalog-service/" + organization + "/" + name.toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
