package io.weir.controlplane.definition;

import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.BackendEndpoints;
import io.weir.schema.api.DefinitionFormat;
import java.util.List;

/** What {@link DefinitionImporter#importDefinition} made of an upload. */
public sealed interface ImportResult permits ImportResult.Imported, ImportResult.Invalid {

    /**
     * A valid definition, reduced to what the API aggregate needs.
     *
     * @param format           OpenAPI 3.0/3.1 or AsyncAPI 2.x/3.0/3.1
     * @param specVersion      the version string the document declares ({@code 3.0.3}, {@code 2.6.0})
     * @param name             {@code info.title}
     * @param version          {@code info.version}
     * @param description      {@code info.description}, or null
     * @param context          suggested context: the first OpenAPI server's path without a trailing
     *                         version segment ({@code https://x/petstore/v1} → {@code /petstore}),
     *                         else {@code /} + a slug of the title
     * @param apiType          how Weir exposes it (see {@link DefinitionImporter} for the rules)
     * @param resources        one per OpenAPI path+method, or one per AsyncAPI channel (or per
     *                         webhook of a webhooks-only OpenAPI document)
     * @param endpoints        backend URLs derived from the first server; both null for STREAM
     * @param servers          every server the document names, in document order
     * @param rootDocument     the root file's text as uploaded (for export)
     * @param rootContentType  {@code application/yaml} or {@code application/json}
     * @param dereferencedJson for a multi-file upload: the document with every external
     *                         {@code $ref} pulled into it (into {@code components}), as JSON;
     *                         null for a single file
     * @param warnings         things the importer assumed, for the publisher to check
     */
    record Imported(
            DefinitionFormat format,
            String specVersion,
            String name,
            String version,
            String description,
            String context,
            ApiType apiType,
            List<ApiResource> resources,
            BackendEndpoints endpoints,
            List<BackendHint> servers,
            String rootDocument,
            String rootContentType,
            String dereferencedJson,
            List<String> warnings) implements ImportResult {

        public Imported {
            resources = List.copyOf(resources);
            servers = List.copyOf(servers);
            warnings = List.copyOf(warnings);
        }

        /** The definition to store: self-contained (the dereferenced JSON for a multi-file upload). */
        public ApiDefinition toApiDefinition() {
            return dereferencedJson == null
                    ? new ApiDefinition(format, rootDocument, rootContentType)
                    : new ApiDefinition(format, dereferencedJson, "application/json");
        }
    }

    /**
     * The upload cannot be imported.
     *
     * @param message  one line for the whole upload
     * @param problems at most {@link DefinitionImporter#MAX_PROBLEMS}, most specific first
     */
    record Invalid(String message, List<DefinitionProblem> problems) implements ImportResult {

        public Invalid {
            problems = List.copyOf(problems);
        }

        static Invalid of(DefinitionProblem problem) {
            return new Invalid(problem.line() != null ? problem.toString() : problem.message(), List.of(problem));
        }
    }
}
