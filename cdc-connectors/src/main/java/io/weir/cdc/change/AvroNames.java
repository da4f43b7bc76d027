package io.weir.cdc.change;

import java.util.Locale;

/** Legal Avro names from database identifiers: {@code [A-Za-z_][A-Za-z0-9_]*}. */
final class AvroNames {

    private AvroNames() {
    }

    static String of(String identifier) {
        StringBuilder name = new StringBuilder();
        for (char c : identifier.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    /** {@code order_lines} → {@code OrderLines}. */
    static String typeName(String table) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : of(table).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.isEmpty() ? "Table" : of(name.toString());
    }

    /** A namespace of legal name segments, e.g. {@code io.weir.cdc.shop.public_}. */
    static String namespace(String... parts) {
        StringBuilder namespace = new StringBuilder();
        for (String part : parts) {
            String segment = of(part.toLowerCase(Locale.ROOT));
            if (AvroReserved.isReserved(segment)) {
                segment = segment + "_";
            }
            namespace.append(namespace.isEmpty() ? "" : ".").append(segment);
        }
        return namespace.toString();
    }
}
