package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Follows every {@code $ref} from the root document through the uploaded files, reports the ones
 * that lead nowhere, and rewrites each external ref to name its file relative to the upload root
 * ({@code address.yaml#/Address} inside {@code schemas/user.yaml} becomes
 * {@code schemas/address.yaml#/Address}). After that rewrite a ref means the same thing wherever it
 * is copied to, which is what apicurio's dereferencer assumes: it re-bases only {@code #…} refs
 * (onto the file they were reached through), not relative file refs of nested files.
 */
final class ExternalRefs {

    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    /** The root and every file reached from it, refs rewritten; root first. */
    record Files(Map<String, JsonNode> trees, List<DefinitionProblem> problems) {
        boolean multiFile() {
            return trees.size() > 1;
        }
    }

    private final DefinitionUpload upload;
    private final Map<String, JsonNode> trees = new LinkedHashMap<>();
    private final List<DefinitionProblem> problems = new ArrayList<>();
    private final Deque<String> pending = new ArrayDeque<>();

    private ExternalRefs(DefinitionUpload upload) {
        this.upload = upload;
    }

    static Files follow(DefinitionUpload upload, JsonNode root) {
        ExternalRefs refs = new ExternalRefs(upload);
        refs.trees.put(upload.rootPath(), root.deepCopy());
        refs.pending.add(upload.rootPath());
        while (!refs.pending.isEmpty()) {
            String file = refs.pending.poll();
            refs.walk(file, refs.trees.get(file), "");
        }
        refs.trees.values().removeIf(java.util.Objects::isNull);
        return new Files(refs.trees, refs.problems);
    }

    private void walk(String file, JsonNode node, String pointer) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String rewritten = check(file, ref.asText(), Pointers.child(pointer, "$ref"));
                if (rewritten != null) {
                    ((ObjectNode) node).set("$ref", TextNode.valueOf(rewritten));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(file, field.getValue(), Pointers.child(pointer, field.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(file, node.get(i), Pointers.child(pointer, i));
            }
        }
    }

    /** Returns the ref rewritten relative to the upload root, or null to leave it as it is. */
    private String check(String file, String ref, String at) {
        int hash = ref.indexOf('#');
        String path = hash < 0 ? ref : ref.substring(0, hash);
        String fragment = hash < 0 ? "" : Pointers.fragmentPointer(ref.substring(hash + 1));
        if (path.isEmpty()) {
            if (fragment.startsWith("/") && Pointers.resolve(trees.get(file), fragment).isMissingNode()) {
                problems.add(DefinitionProblem.at(file, at, "$ref '" + ref + "' points to nothing in " + file));
            }
            return null;
        }
        if (URL.matcher(path).matches()) {
            problems.add(DefinitionProblem.at(file, at, "$ref '" + ref
                    + "' is remote; Weir fetches nothing: upload the referenced file with the definition"));
            return null;
        }
        String target = Pointers.resolvePath(file, path);
        if (target == null || !upload.files().containsKey(target)) {
            problems.add(DefinitionProblem.at(file, at, "$ref '" + ref + "' points to file '"
                    + (target == null ? path : target) + "', which is not in the upload"));
            return null;
        }
        JsonNode tree = load(target);
        if (tree == null) {
            return null;
        }
        if (!fragment.isEmpty() && Pointers.resolve(tree, fragment).isMissingNode()) {
            problems.add(DefinitionProblem.at(file, at, "$ref '" + ref + "': there is no '" + fragment + "' in " + target));
            return null;
        }
        return target + (hash < 0 ? "" : ref.substring(hash));
    }

    private JsonNode load(String target) {
        if (trees.containsKey(target)) {
            return trees.get(target);
        }
        SourceParser.Parsed parsed = SourceParser.parse(target, upload.files().get(target));
        if (parsed instanceof SourceParser.Parsed.Failure failure) {
            problems.add(failure.problem());
            trees.put(target, null); // reported once, however often it is referenced
            return null;
        }
        JsonNode tree = ((SourceParser.Parsed.Tree) parsed).root();
        trees.put(target, tree);
        pending.add(target);
        return tree;
    }
}
