package io.weir.controlplane.api;

import io.weir.controlplane.security.Caller;
import io.weir.controlplane.write.Writes;
import io.weir.controlplane.write.Writes.Written;
import io.weir.schema.common.AggregateType;

/** The write port of the resources: {@link Writes#execute} in production, a fake in tests. */
@FunctionalInterface
public interface Commands {

    Written execute(Caller caller, AggregateType type, String aggregateId, Object payload, Long expectedVersion,
                    String idempotencyKey);
}
