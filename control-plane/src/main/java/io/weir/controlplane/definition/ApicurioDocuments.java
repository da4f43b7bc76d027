package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.datamodels.Library;
import io.apicurio.datamodels.models.Document;
import io.weir.schema.api.DefinitionFormat;

/** Builds the apicurio model of a validated document, pulling external refs into it for a multi-file upload. */
final class ApicurioDocuments {

    /** The model, and for a multi-file upload the self-contained document as JSON (else null). */
    record Modelled(Document document, String dereferencedJson) {
    }

    private ApicurioDocuments() {
    }

    /** @param pasted the document with external refs pasted in ({@link ValidationTree}) */
    static Modelled model(SpecVersion spec, ExternalRefs.Files files, String rootPath, JsonNode pasted) {
        ObjectNode root = (ObjectNode) files.trees().get(rootPath).deepCopy();
        if (spec.format() == DefinitionFormat.ASYNCAPI_3_1) {
            // apicurio-data-models 2.5.0 refuses AsyncAPI 3.1.0 ("Unknown/unsupported AsyncAPI
            // version"). 3.1 is a compatible superset of 3.0 (the document was already validated
            // against the official 3.1 schema), so model a copy that claims 3.0.0 with the 3.0 classes.
            root.put("asyncapi", "3.0.0");
        }
        Document document = Library.readDocument(root);
        if (!files.multiFile()) {
            return new Modelled(document, null);
        }
        // the resolver is passed per call: Library.addReferenceResolver would register it in a
        // JVM-wide chain shared by concurrent imports
        document = Library.dereferenceDocument(document, new UploadReferenceResolver(files.trees()), false);
        ObjectNode json = Library.writeDocument(document);
        if (spec.format() == DefinitionFormat.ASYNCAPI_3_1) {
            json.put("asyncapi", spec.declared());
        }
        restoreOpenSecurity(pasted, json);
        return new Modelled(document, json.toPrettyString());
    }

    /**
     * apicurio-data-models 2.5.0 drops an empty {@code security: []} (an operation, or the whole
     * API, open to anyone) when it reads a document; put it back where the upload had it.
     */
    private static void restoreOpenSecurity(JsonNode pasted, ObjectNode bundled) {
        if (isEmptyArray(pasted.get("security"))) {
            bundled.putArray("security");
        }
        pasted.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode target = bundled.path("paths").path(path.getKey()).path(op.getKey());
            if (isEmptyArray(op.getValue().get("security")) && target instanceof ObjectNode operation) {
                operation.putArray("security");
            }
        }));
    }

    private static boolean isEmptyArray(JsonNode node) {
        return node != null && node.isArray() && node.isEmpty();
    }
}
