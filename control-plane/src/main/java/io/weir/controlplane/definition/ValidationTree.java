package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The root document with each external {@code $ref} target pasted in at its first use, so that one
 * run of the official JSON Schema also checks the referenced files, each in the context it is used
 * in. Later uses of the same target, and cycles, stay {@code $ref}s (which the schemas accept as
 * Reference Objects). {@link #locate} maps a pointer in this tree back to a file and a pointer in it.
 */
final class ValidationTree {

    private record Origin(String file, String pointer) {
    }

    private final String rootFile;
    private final Map<String, JsonNode> files;
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private final Set<String> pasted = new HashSet<>();
    private final JsonNode tree;

    ValidationTree(String rootFile, Map<String, JsonNode> files) {
        this.rootFile = rootFile;
        this.files = files;
        this.tree = paste(files.get(rootFile).deepCopy(), "");
    }

    JsonNode tree() {
        return tree;
    }

    /** The file and pointer within it that a pointer into {@link #tree()} lands in. */
    DefinitionProblem locate(String pointer, String message) {
        String best = null;
        for (String at : origins.keySet()) {
            if ((pointer.equals(at) || pointer.startsWith(at + "/")) && (best == null || at.length() > best.length())) {
                best = at;
            }
        }
        if (best == null) {
            return DefinitionProblem.at(rootFile, pointer, message);
        }
        Origin origin = origins.get(best);
        return DefinitionProblem.at(origin.file(), origin.pointer() + pointer.substring(best.length()), message);
    }

    private JsonNode paste(JsonNode node, String pointer) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#") && pasted.add(ref.asText())) {
                String[] parts = ref.asText().split("#", 2);
                JsonNode file = files.get(parts[0]);
                String fragment = parts.length > 1 ? Pointers.fragmentPointer(parts[1]) : "";
                JsonNode target = file == null ? null : Pointers.resolve(file, fragment);
                if (target != null && !target.isMissingNode()) { // broken refs are reported by ExternalRefs
                    origins.put(pointer, new Origin(parts[0], fragment));
                    return paste(target.deepCopy(), pointer);
                }
            }
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(paste(field.getValue(), Pointers.child(pointer, field.getKey())));
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, paste(array.get(i), Pointers.child(pointer, i)));
            }
        }
        return node;
    }
}
