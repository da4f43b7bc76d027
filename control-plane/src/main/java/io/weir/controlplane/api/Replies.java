package io.weir.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.controlplane.write.Writes.Written;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The answers of the management API. A write answers once its command result is known, with the
 * aggregate's new version as ETag; its body is the view at that version when the view caught up in
 * time (read-your-writes), else the bare outcome (id, version, commandId).
 */
public final class Replies {

    private Replies() {
    }

    /** 201 with Location and ETag. */
    public static Response created(String location, Written written, JsonNode body) {
        return Response.created(URI.create(location)).header(HttpHeaders.ETAG, ETags.of(written.version()))
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** 200 with ETag, after an update or a deletion. */
    public static Response ok(Written written, JsonNode body) {
        return read(body, written.version());
    }

    /** 200 with the ETag of the version the body shows. */
    public static Response read(JsonNode body, long version) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, ETags.of(version)).build();
    }

    /** The view after a write if it shows the write, else the bare outcome. */
    public static JsonNode afterWrite(Optional<? extends SpecificRecord> view, Written written) {
        return view.filter(v -> written.visible()).map(ViewJson::of).orElseGet(() -> ViewJson.written(written));
    }

    /** A path built from segments, each percent-encoded: {@code path("/api/v1/policies", "API", "a b")}. */
    public static String path(String base, String... segments) {
        return base + Arrays.stream(segments)
                .map(segment -> "/" + URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining());
    }
}
