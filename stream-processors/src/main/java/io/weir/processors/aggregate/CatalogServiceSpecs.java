package io.weir.processors.aggregate;

import static io.weir.processors.aggregate.Rejections.firstOf;
import static io.weir.processors.aggregate.Rejections.invalidIf;
import static io.weir.processors.aggregate.Rejections.isBlank;

import io.weir.schema.api.DefinitionFormat;
import io.weir.schema.catalog.CatalogServiceKind;
import io.weir.schema.catalog.CatalogServiceSpec;
import io.weir.schema.command.RejectionReason;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The rules a catalog service version obeys. The document itself was validated where it entered
 * (the control plane's importer, or the CDC connector that generated it); here only what the
 * aggregate can check without parsing it: a REST service has an OpenAPI document and an endpoint,
 * an ASYNC or CDC_STREAM service an AsyncAPI document and a topic (or, for ASYNC, an endpoint).
 */
final class CatalogServiceSpecs {

    private static final Set<String> ENDPOINT_SCHEMES = Set.of("http", "https", "ws", "wss");
    private static final Set<DefinitionFormat> OPENAPI = Set.of(DefinitionFormat.OPENAPI_3_0, DefinitionFormat.OPENAPI_3_1);
    private static final Set<DefinitionFormat> ASYNCAPI =
            Set.of(DefinitionFormat.ASYNCAPI_2, DefinitionFormat.ASYNCAPI_3_0, DefinitionFormat.ASYNCAPI_3_1);

    private CatalogServiceSpecs() {
    }

    static Optional<Decision> check(CatalogServiceSpec spec) {
        CatalogServiceKind kind = spec.getKind();
        DefinitionFormat format = spec.getDefinition().getFormat();
        return firstOf(
                () -> invalidIf(isBlank(spec.getVersion()) || spec.getVersion().length() > 100, "/payload/spec/version",
                        "version must not be blank and at most 100 characters"),
                () -> invalidIf(kind == CatalogServiceKind.UNSPECIFIED, "/payload/spec/kind",
                        "kind must be REST, ASYNC or CDC_STREAM"),
                () -> definition(kind, format, spec.getDefinition().getContent()),
                () -> invalidIf(spec.getEndpoint() != null && !isEndpoint(spec.getEndpoint()), "/payload/spec/endpoint",
                        "endpoint must be an absolute http, https, ws or wss URL"),
                () -> invalidIf(kind == CatalogServiceKind.REST && spec.getEndpoint() == null, "/payload/spec/endpoint",
                        "a REST service needs an endpoint"),
                () -> invalidIf(kind == CatalogServiceKind.CDC_STREAM && isBlank(spec.getKafkaTopic()),
                        "/payload/spec/kafkaTopic", "a CDC_STREAM service needs its Kafka topic"),
                () -> invalidIf(kind == CatalogServiceKind.ASYNC && spec.getEndpoint() == null && isBlank(spec.getKafkaTopic()),
                        "/payload/spec/kafkaTopic", "an ASYNC service needs a Kafka topic or an endpoint"),
                () -> IntStream.range(0, spec.getTags().size())
                        .filter(i -> isBlank(spec.getTags().get(i)))
                        .mapToObj(i -> Rejections.invalid("/payload/spec/tags/" + i, "tags must not be blank"))
                        .findFirst());
    }

    /** A new version may not change the kind, and must change something; a new document needs a new version. */
    static Optional<Decision> checkChange(CatalogServiceSpec current, CatalogServiceSpec next) {
        return firstOf(
                () -> invalidIf(current.getKind() != next.getKind(), "/payload/spec/kind",
                        "the kind of a service cannot change (" + current.getKind() + "); register another service"),
                () -> invalidIf(current.equals(next), "/payload/spec", "nothing changed"),
                () -> invalidIf(CatalogServiceAggregate.changesWhatApisUse(current, next)
                                && current.getVersion().equals(next.getVersion()), "/payload/spec/version",
                        "a changed definition, endpoint or topic needs a new version (still " + current.getVersion() + ")"));
    }

    private static Optional<Decision> definition(CatalogServiceKind kind, DefinitionFormat format, String content) {
        if (kind == CatalogServiceKind.REST && !OPENAPI.contains(format)) {
            return Optional.of(Decision.reject(RejectionReason.INVALID_DEFINITION,
                    "a REST service is described by an OpenAPI 3.0 or 3.1 document", "/payload/spec/definition/format"));
        }
        if (kind != CatalogServiceKind.REST && !ASYNCAPI.contains(format)) {
            return Optional.of(Decision.reject(RejectionReason.INVALID_DEFINITION,
                    "an " + kind + " service is described by an AsyncAPI document", "/payload/spec/definition/format"));
        }
        if (isBlank(content)) {
            return Optional.of(Decision.reject(RejectionReason.INVALID_DEFINITION, "the definition is empty",
                    "/payload/spec/definition/content"));
        }
        return Optional.empty();
    }

    private static boolean isEndpoint(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && ENDPOINT_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
