package io.weir.controlplane.api;

import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.common.AggregateType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * One command to one aggregate type, answered the way every management write is answered. Whether
 * an aggregate exists in the caller's organization is the command processor's call (its NOT_FOUND
 * becomes 404), not a read of this node's view, which may lag behind another node's write.
 *
 * @param <V> the aggregate's view, shown in the answer once it reflects the write
 */
public record AggregateWrites<V extends SpecificRecord>(Commands commands, AggregateType type, ViewReader<V> views) {

    /** 201 + Location; a create expects version 0 (the aggregate must not exist yet). */
    public Response create(Caller caller, String id, String location, Object command, String idempotencyKey) {
        Written written = commands.execute(caller, type, id, command, 0L, idempotencyKey);
        return Replies.created(location, written, Replies.afterWrite(viewAfter(written), written));
    }

    /**
     * 200 with the new version. {@code If-Match} is checked before the body is read, so a malformed
     * precondition is reported first; the caller's role was checked before either.
     */
    public Response change(Caller caller, String id, Supplier<?> command, String ifMatch, String idempotencyKey) {
        Written written = execute(caller, id, command, ifMatch, idempotencyKey);
        return Replies.ok(written, Replies.afterWrite(viewAfter(written), written));
    }

    /** The write alone, for answers that show something other than the aggregate's view. */
    public Written execute(Caller caller, String id, Supplier<?> command, String ifMatch, String idempotencyKey) {
        Long expected = ETags.expectedVersion(ifMatch);
        return commands.execute(caller, type, id, command.get(), expected, idempotencyKey);
    }

    /** The view when it reflects {@code written}: what an answer may show as the write's effect. */
    public Optional<V> viewAfter(Written written) {
        return written.visible() ? views.get(written.aggregateId()) : Optional.empty();
    }
}
