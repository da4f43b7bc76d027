package io.weir.controlplane.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.definition.DefinitionImporter;
import io.weir.controlplane.definition.DefinitionResource;
import io.weir.controlplane.definition.DefinitionUpload;
import io.weir.controlplane.definition.ImportResult;
import io.weir.controlplane.json.JsonInputException;
import io.weir.controlplane.problem.Problem;
import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.api.ApiDefinition;
import java.nio.charset.StandardCharsets;

/**
 * A service's OpenAPI or AsyncAPI document through the same import as {@code POST /api/v1/apis/import}:
 * parsed, checked against the official JSON Schema of its declared version, and modelled.
 */
final class Documents {

    static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    private static final DefinitionImporter IMPORTER = new DefinitionImporter();

    private Documents() {
    }

    /** The document of a request body member: YAML or JSON text, or the document inline as a JSON object. */
    static ImportResult.Imported fromRequest(JsonNode document, String pointer) {
        if (document == null || document.isNull() || document.isMissingNode()) {
            throw new JsonInputException(pointer, "is required: the service's OpenAPI or AsyncAPI document");
        }
        if (!document.isTextual() && !document.isObject()) {
            throw new JsonInputException(pointer, "must be the document as a JSON object or as YAML/JSON text");
        }
        byte[] bytes = (document.isTextual() ? document.asText() : document.toString()).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new ProblemException(Problem.of(413, "document-too-large", "Document too large",
                    "a definition may be at most " + MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB"));
        }
        ImportResult result = IMPORTER.importDefinition(DefinitionUpload.single("definition", bytes));
        if (result instanceof ImportResult.Invalid invalid) {
            throw new ProblemException(DefinitionResource.invalidDocument(invalid).withPointer(pointer));
        }
        return (ImportResult.Imported) result;
    }

    /**
     * A stored service document, modelled again to derive an API from it. A document registered
     * straight on Kafka (a CDC source, GitOps) was never through this import: if it does not pass,
     * the service is at fault, not the request (422).
     */
    static ImportResult.Imported fromService(String serviceId, ApiDefinition definition) {
        ImportResult result = IMPORTER.importDefinition(DefinitionUpload.single("definition",
                definition.getContent().getBytes(StandardCharsets.UTF_8)));
        if (result instanceof ImportResult.Invalid invalid) {
            Problem problem = DefinitionResource.invalidDocument(invalid);
            throw new ProblemException(Problem.of(422, "invalid-service-definition",
                            "The catalog service's definition is not valid",
                            "catalog service " + serviceId + ": " + invalid.message())
                    .withExtensions(problem.extensions()));
        }
        return (ImportResult.Imported) result;
    }
}
