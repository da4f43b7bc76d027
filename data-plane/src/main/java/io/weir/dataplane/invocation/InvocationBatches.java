package io.weir.dataplane.invocation;

import io.weir.schema.invocation.Invocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the recorder cuts what it drained into the contents of {@code InvocationBatch} records: by API
 * (the record key, so that all of an API's invocations share a partition), in drain order within each
 * API, and a new batch whenever the next invocation would take the batch past a bound of its encoded
 * size ({@link EncodedSizeBound}). An invocation is in exactly one batch; no batch is empty.
 */
final class InvocationBatches {

    private InvocationBatches() {
    }

    static List<List<Invocation>> of(List<Invocation> drained, int maxBytes) {
        Map<String, List<Invocation>> byApi = new LinkedHashMap<>();
        for (Invocation invocation : drained) {
            byApi.computeIfAbsent(invocation.getApiId(), api -> new ArrayList<>()).add(invocation);
        }
        List<List<Invocation>> batches = new ArrayList<>(byApi.size());
        for (List<Invocation> ofApi : byApi.values()) {
            List<Invocation> batch = new ArrayList<>();
            int bytes = 0;
            for (Invocation invocation : ofApi) {
                int size = EncodedSizeBound.of(invocation);
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(invocation);
                bytes += size;
            }
            batches.add(batch);
        }
        return batches;
    }
}
