package io.weir.controlplane.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;

/**
 * Returns a stored definition as JSON or YAML, whichever it was stored in: converted with Jackson,
 * keys in their original order. Content already in the asked syntax is returned as stored, byte for
 * byte (comments and layout of an uploaded YAML survive).
 */
public final class DefinitionExporter {

    /** The syntax a definition is exported in. */
    public enum Syntax {
        JSON("application/json"),
        YAML("application/yaml");

        private final String contentType;

        Syntax(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** Exports a stored definition; an API without one ({@link DefinitionFormat#NONE}) has nothing to export. */
    public String export(ApiDefinition stored, Syntax syntax) {
        if (stored.getFormat() == DefinitionFormat.NONE) {
            throw new IllegalArgumentException("the API has no definition document");
        }
        return export(stored.getContent(), syntax);
    }

    /** Converts definition text (JSON or YAML, told apart by content) to the asked syntax. */
    public String export(String content, Syntax syntax) {
        boolean json = Mappers.looksLikeJson(content);
        if (json == (syntax == Syntax.JSON)) {
            return content;
        }
        try {
            JsonNode tree = (json ? Mappers.JSON : Mappers.YAML).readTree(content);
            return syntax == Syntax.JSON
                    ? Mappers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : Mappers.YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            // stored definitions were parsed on import: unreadable content here is a bug, not user input
            throw new IllegalStateException("stored definition is not valid " + (json ? "JSON" : "YAML"), e);
        }
    }
}
