package io.weir.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.problem.ProblemException;
import io.weir.controlplane.security.Caller;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Organization scope: a caller sees only aggregates of their own organization. Another
 * organization's id answers 404 exactly like an id that does not exist, never 403, so existence
 * does not leak. A view still marked deleted/removed (before its tombstone) is gone too.
 */
public final class Visibility {

    private Visibility() {
    }

    public static boolean visibleTo(SpecificRecord view, Caller caller) {
        return caller.organization().equals(field(view, "organization"))
                && !Boolean.TRUE.equals(field(view, "deleted"))
                && !Boolean.TRUE.equals(field(view, "removed"));
    }

    /** The view of {@code id} if the caller may see it; 404 "{@code what} {@code id} does not exist" if not. */
    public static <V extends SpecificRecord> V find(ViewReader<V> reader, String id, Caller caller, String what) {
        return reader.get(id).filter(view -> visibleTo(view, caller))
                .orElseThrow(() -> ProblemException.notFound(what + " " + id));
    }

    /** The views the caller may see, in {@code order}. */
    public static <V extends SpecificRecord> List<V> list(ViewReader<V> reader, Caller caller, Comparator<V> order) {
        return reader.all().stream().filter(view -> visibleTo(view, caller)).sorted(order).toList();
    }

    /**
     * The audit trail of an aggregate, scoped by the organization on each event (so it outlives the
     * view's tombstone); 404 when the caller's organization has no event of it.
     */
    public static ObjectNode history(EventLog log, String id, Caller caller, String what) {
        var events = log.of(id).stream().filter(e -> caller.organization().equals(e.getOrganization())).toList();
        if (events.isEmpty()) {
            throw ProblemException.notFound(what + " " + id);
        }
        return ViewJson.list(events.stream().map(ViewJson::event).toList());
    }

    private static Object field(SpecificRecord view, String name) {
        Schema.Field field = view.getSchema().getField(name);
        return field == null ? null : view.get(field.pos());
    }
}
