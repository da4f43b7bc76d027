package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.datamodels.Library;
import io.apicurio.datamodels.models.Node;
import io.apicurio.datamodels.refs.IReferenceResolver;
import io.apicurio.datamodels.refs.ResolvedReference;
import java.util.Map;

/**
 * Resolves external refs for apicurio's dereferencer from the uploaded files only. Refs arrive
 * already re-based on the upload root by {@link ExternalRefs} ({@code schemas/address.yaml#/Address}),
 * or as {@code file#fragment} canonicalised by apicurio for a {@code #…} ref inside an external file.
 * Document-internal {@code #…} refs are the dereferencer's own business: null.
 */
final class UploadReferenceResolver implements IReferenceResolver {

    private final Map<String, JsonNode> files;

    UploadReferenceResolver(Map<String, JsonNode> files) {
        this.files = files;
    }

    @Override
    public ResolvedReference resolveRef(String ref, Node from) {
        if (ref == null || ref.startsWith("#")) {
            return null;
        }
        String[] parts = ref.split("#", 2);
        JsonNode file = files.get(DefinitionUpload.normalise(parts[0]));
        JsonNode target = file == null ? null : file.at(parts.length > 1 ? Pointers.fragmentPointer(parts[1]) : "");
        if (target == null || !target.isObject()) {
            return null;
        }
        // read the JSON as a model node of the same kind as the node that refers to it; the node
        // needs a parent to know its model type, and the dereferencer re-attaches it where it imports it
        Node node = from.emptyClone();
        node.attach(from.parent());
        return ResolvedReference.fromNode(Library.readNode((ObjectNode) target.deepCopy(), node));
    }
}
