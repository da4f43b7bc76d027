package io.weir.controlplane.definition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.weir.controlplane.api.CallerProvider;
import io.weir.controlplane.api.ETags;
import io.weir.controlplane.api.Ids;
import io.weir.controlplane.api.Replies;
import io.weir.controlplane.api.Roles;
import io.weir.controlplane.problem.Problem;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import io.weir.controlplane.view.Views;
import io.weir.controlplane.write.Writes;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiVisibility;
import io.weir.schema.api.AuthConfig;
import io.weir.schema.api.CorsConfig;
import io.weir.schema.api.CreateApi;
import io.weir.schema.common.AggregateType;
import io.weir.schema.organization.Role;
import io.weir.schema.view.ApiView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Import of an OpenAPI 3.0/3.1 or AsyncAPI 2.x/3.0/3.1 document as a new API (one call: validated
 * against the official JSON Schemas, modelled, turned into a CreateApi command), and export of an
 * API's stored definition as JSON or YAML.
 */
@Path("/api/v1/apis")
@Tag(name = "APIs")
public class DefinitionResource {

    private static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    private final DefinitionImporter importer = new DefinitionImporter();
    private final DefinitionExporter exporter = new DefinitionExporter();
    private final CallerProvider callers;
    private final Writes writes;
    private final Views views;

    DefinitionResource(CallerProvider callers, Writes writes, Views views) {
        this.callers = callers;
        this.writes = writes;
        this.views = views;
    }

    @POST
    @Path("/import")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Create an API from one OpenAPI or AsyncAPI document (YAML or JSON body)")
    @APIResponse(responseCode = "201", description = "the API was created")
    @APIResponse(responseCode = "400", description = "the document is malformed, of an unsupported version, or invalid; problems carry file, JSON pointer, line and column")
    @APIResponse(responseCode = "409", description = "the context is already used by another API of the organization with that version")
    public Response importSingle(byte[] body, @QueryParam("context") String context,
                                 @QueryParam("tiers") String tiers, @QueryParam("endpoint") String endpoint,
                                 @HeaderParam(ETags.IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        return create(caller, DefinitionUpload.single("definition", checkedSize(body)), context, tiers, endpoint,
                idempotencyKey);
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Create an API from a multi-file OpenAPI or AsyncAPI document (parts named file, plus root)")
    @APIResponse(responseCode = "201", description = "the API was created")
    @APIResponse(responseCode = "400", description = "a file is malformed or invalid, or a $ref points nowhere")
    public Response importFiles(@RestForm("file") List<FileUpload> files, @RestForm("root") String root,
                                @QueryParam("context") String context, @QueryParam("tiers") String tiers,
                                @QueryParam("endpoint") String endpoint,
                                @HeaderParam(ETags.IDEMPOTENCY_KEY) String idempotencyKey) {
        Caller caller = Roles.require(callers.current(), Role.PUBLISHER);
        if (files == null || files.isEmpty()) {
            throw ProblemException.badRequest("no-document", "send the document as one or more parts named 'file'", null);
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (FileUpload file : files) {
            try {
                contents.put(file.fileName(), checkedSize(Files.readAllBytes(file.uploadedFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String rootPath = root != null ? root : files.get(0).fileName();
        if (!contents.containsKey(rootPath) && !contents.containsKey(rootPath.replaceFirst("^\\./", ""))) {
            throw ProblemException.badRequest("unknown-root", "root '" + rootPath + "' is not one of the uploaded files "
                    + contents.keySet(), null);
        }
        return create(caller, new DefinitionUpload(contents, rootPath), context, tiers, endpoint, idempotencyKey);
    }

    @GET
    @Path("/{id}/definition")
    @Operation(summary = "Export the API's definition as stored (format=json or yaml converts it)")
    @APIResponse(responseCode = "200", description = "the definition document")
    @APIResponse(responseCode = "404", description = "no such API in the caller's organization, or it has no definition")
    public Response export(@PathParam("id") String id, @QueryParam("format") String format) {
        Caller caller = Roles.requireAny(callers.current());
        ApiView api = views.apis().get(id).filter(a -> a.getOrganization().equals(caller.organization()))
                .orElseThrow(() -> ProblemException.notFound("API " + id));
        var stored = api.getSettings().getDefinition();
        if (stored == null || stored.getContent() == null || stored.getContent().isEmpty()) {
            throw ProblemException.notFound("a definition of API " + id);
        }
        DefinitionExporter.Syntax syntax = syntax(format, stored.getContentType());
        return Response.ok(exporter.export(stored, syntax), syntax.contentType())
                .header("ETag", ETags.of(api.getVersion())).build();
    }

    private Response create(Caller caller, DefinitionUpload upload, String context, String tiers, String endpoint,
                            String idempotencyKey) {
        ImportResult result = importer.importDefinition(upload);
        if (result instanceof ImportResult.Invalid invalid) {
            throw new ProblemException(invalidDocument(invalid));
        }
        ImportResult.Imported imported = (ImportResult.Imported) result;
        var endpoints = imported.endpoints();
        if (endpoint != null && !endpoint.isBlank()) {
            endpoints = io.weir.schema.api.BackendEndpoints.newBuilder(endpoints).setProductionUrl(endpoint).build();
        }
        ApiSettings settings = ApiSettings.newBuilder()
                .setDescription(imported.description())
                .setDefinition(imported.toApiDefinition())
                .setEndpoints(endpoints)
                .setResources(imported.resources())
                .setAllowedTiers(tiers == null || tiers.isBlank() ? List.of("Unlimited")
                        : Arrays.stream(tiers.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList())
                .setVisibility(ApiVisibility.PUBLIC)
                .setVisibleRoles(List.of())
                .setCors(CorsConfig.newBuilder().setEnabled(false).build())
                .setAuth(AuthConfig.newBuilder().build())
                .setTags(List.of())
                .build();
        String apiId = Ids.newId("api", idempotencyKey);
        CreateApi command = new CreateApi(imported.name(), context != null && !context.isBlank() ? context : imported.context(),
                imported.version(), imported.apiType(), settings);
        Writes.Written written = writes.execute(caller, AggregateType.API, apiId, command, 0L, idempotencyKey);
        return Replies.created(Replies.path("/api/v1/apis", apiId), written,
                Replies.afterWrite(views.apis().get(apiId), written));
    }

    public static Problem invalidDocument(ImportResult.Invalid invalid) {
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        invalid.problems().forEach(problem -> {
            var error = errors.addObject();
            error.put("file", problem.file());
            error.put("pointer", problem.pointer());
            if (problem.line() != null) {
                error.put("line", problem.line());
                error.put("column", problem.column());
            }
            error.put("message", problem.message());
        });
        String pointer = invalid.problems().isEmpty() ? null : invalid.problems().get(0).pointer();
        return Problem.of(400, "invalid-definition", "The API definition is not valid", invalid.message())
                .withPointer(pointer).withExtensions(Map.of("errors", errors));
    }

    private static DefinitionExporter.Syntax syntax(String format, String storedContentType) {
        if (format == null || format.isBlank()) {
            return storedContentType != null && storedContentType.contains("yaml")
                    ? DefinitionExporter.Syntax.YAML : DefinitionExporter.Syntax.JSON;
        }
        return switch (format.toLowerCase()) {
            case "json" -> DefinitionExporter.Syntax.JSON;
            case "yaml", "yml" -> DefinitionExporter.Syntax.YAML;
            default -> throw ProblemException.badRequest("invalid-format", "format must be json or yaml", "/query/format");
        };
    }

    private static byte[] checkedSize(byte[] document) {
        if (document == null || document.length == 0) {
            throw ProblemException.badRequest("no-document", "the request has no document", null);
        }
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new ProblemException(Problem.of(413, "document-too-large", "Document too large",
                    "a definition may be at most " + MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB"));
        }
        return document;
    }
}
