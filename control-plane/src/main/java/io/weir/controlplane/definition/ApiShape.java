package io.weir.controlplane.definition;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiType;
import io.weir.schema.api.BackendEndpoints;
import java.util.List;

/** What a format-specific reader derives from a modelled document, before the importer adds info and text. */
record ApiShape(ApiType apiType, List<ApiResource> resources, BackendEndpoints endpoints, List<BackendHint> servers,
                String context, List<String> warnings) {
}
