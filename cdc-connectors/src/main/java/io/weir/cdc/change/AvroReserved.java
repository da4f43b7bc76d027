package io.weir.cdc.change;

import java.util.Set;

/**
 * Java keywords: Avro namespaces become Java packages in generated code (and Avro's own code
 * generators refuse them), so a schema named {@code public} gets the namespace segment {@code public_}.
 */
final class AvroReserved {

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
            "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
            "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null");

    private AvroReserved() {
    }

    static boolean isReserved(String segment) {
        return KEYWORDS.contains(segment);
    }
}
