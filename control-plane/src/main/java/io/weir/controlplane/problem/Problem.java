package io.weir.controlplane.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the body of every 4xx/5xx of the REST surface. {@code type} is stable
 * (clients branch on it); {@code reason} carries the command processor's rejection reason code when
 * there is one; {@code pointer} the JSON pointer of the offending input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason, String pointer,
                      Map<String, Object> extensions) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    public static final String TYPE_BASE = "https://weir.dev/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(TYPE_BASE + type, title, status, detail, null, null, null);
    }

    public Problem withReason(String reason) {
        return new Problem(type, title, status, detail, reason, pointer, extensions);
    }

    public Problem withPointer(String pointer) {
        return new Problem(type, title, status, detail, reason, pointer, extensions);
    }

    public Problem withExtensions(Map<String, Object> extensions) {
        return new Problem(type, title, status, detail, reason, pointer, extensions);
    }

    /** The problem as JSON: extension members at the top level, as RFC 9457 §3.2 has them. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("title", title);
        json.put("status", status);
        if (detail != null) {
            json.put("detail", detail);
        }
        if (reason != null) {
            json.put("reason", reason);
        }
        if (pointer != null) {
            json.put("pointer", pointer);
        }
        if (extensions != null) {
            extensions.forEach((name, value) -> json.set(name, JSON.valueToTree(value)));
        }
        return json;
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(toJson()).build();
    }
}
