package io.weir.controlplane.problem;

import io.weir.controlplane.command.CommandTimeoutException;
import io.weir.controlplane.json.JsonInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json with a stable type; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response badJson(JsonInputException e) {
        return Problem.of(400, "invalid-body", "The request body does not fit its schema", e.getMessage())
                .withPointer(e.pointer()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "The request body is not valid JSON", e.getOriginalMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response timeout(CommandTimeoutException e) {
        return Problem.of(504, "command-timeout", "The command processor did not answer in time", e.getMessage())
                .withExtensions(Map.of("commandId", e.commandId())).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Problem.of(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return Problem.of(500, "internal", "Internal error", "something went wrong; the log has the details")
                .toResponse();
    }
}
