package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.datamodels.models.Info;
import io.apicurio.datamodels.models.asyncapi.AsyncApiDocument;
import io.apicurio.datamodels.models.openapi.OpenApiDocument;
import io.weir.schema.api.ApiType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Imports an OpenAPI 3.0/3.1 or AsyncAPI 2.0–2.6/3.0/3.1 definition: parse (JSON or YAML), check
 * the declared version, follow {@code $ref}s through the uploaded files, validate the whole against
 * the official JSON Schema of that version, then model it with apicurio-data-models and derive the
 * API's name, version, context, type, resources and backend hints.
 *
 * <p>API type: a root {@code x-weir-api-type} (HTTP, WS, SSE, WEBSUB, STREAM) always wins. Else
 * OpenAPI is HTTP, or WEBSUB when it has only {@code webhooks}; AsyncAPI follows its servers
 * ({@link AsyncApiTypes}). Resources: {@link OpenApiReader}, {@link AsyncApiReader}.
 *
 * <p>Stateless and thread-safe; nothing is fetched from outside the upload.
 */
public final class DefinitionImporter {

    /** Most problems an {@link ImportResult.Invalid} lists. */
    public static final int MAX_PROBLEMS = 20;

    public ImportResult importDefinition(DefinitionUpload upload) {
        String rootPath = upload.rootPath();
        SourceParser.Parsed parsed = SourceParser.parse(rootPath, upload.root());
        if (parsed instanceof SourceParser.Parsed.Failure failure) {
            return ImportResult.Invalid.of(failure.problem());
        }
        SourceParser.Parsed.Tree source = (SourceParser.Parsed.Tree) parsed;
        SpecVersion.Detection detection = SpecVersion.detect(source.root());
        if (detection instanceof SpecVersion.Unsupported unsupported) {
            return ImportResult.Invalid.of(DefinitionProblem.at(rootPath, unsupported.pointer(), unsupported.message()));
        }
        SpecVersion spec = ((SpecVersion.Supported) detection).spec();

        ExternalRefs.Files files = ExternalRefs.follow(upload, source.root());
        List<DefinitionProblem> problems = new ArrayList<>(files.problems());
        ValidationTree validated = new ValidationTree(rootPath, files.trees());
        problems.addAll(SchemaViolations.describe(OfficialSchemas.validate(spec, validated.tree()), validated));
        JsonNode typeExtension = source.root().get(AsyncApiTypes.EXTENSION);
        Optional<ApiType> forcedType = AsyncApiTypes.parse(typeExtension);
        if (typeExtension != null && forcedType.isEmpty()) {
            problems.add(DefinitionProblem.at(rootPath, "/" + AsyncApiTypes.EXTENSION,
                    AsyncApiTypes.EXTENSION + " must be one of HTTP, WS, SSE, WEBSUB, STREAM"));
        }
        if (!problems.isEmpty()) {
            return invalid(problems);
        }

        ApicurioDocuments.Modelled model = ApicurioDocuments.model(spec, files, rootPath, validated.tree());
        ApiShape shape = spec.isAsyncApi()
                ? AsyncApiReader.read((AsyncApiDocument) model.document(), forcedType.orElse(null))
                : OpenApiReader.read((OpenApiDocument) model.document(), validated.tree(), forcedType.orElse(null));
        Info info = model.document().getInfo();
        return new ImportResult.Imported(spec.format(), spec.declared(), info.getTitle(), info.getVersion(),
                info.getDescription(), shape.context(), shape.apiType(), shape.resources(), shape.endpoints(),
                shape.servers(), source.text(), source.json() ? "application/json" : "application/yaml",
                model.dereferencedJson(), shape.warnings());
    }

    private static ImportResult.Invalid invalid(List<DefinitionProblem> problems) {
        String summary = problems.size() == 1
                ? problems.get(0).toString()
                : problems.size() + " problems" + (problems.size() > MAX_PROBLEMS ? " (first " + MAX_PROBLEMS + " listed)" : "")
                        + ", first: " + problems.get(0);
        return new ImportResult.Invalid(summary, problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
    }
}
