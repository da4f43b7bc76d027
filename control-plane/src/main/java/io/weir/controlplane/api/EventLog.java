package io.weir.controlplane.api;

import io.weir.schema.event.EventEnvelope;
import java.util.List;

/** The audit port: the events of one aggregate, oldest first ({@code EventHistory} in production). */
@FunctionalInterface
public interface EventLog {

    List<EventEnvelope> of(String aggregateId);
}
