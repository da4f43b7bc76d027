package io.weir.schema.invocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one rule by which a gateway node cuts the invocations it recorded into the contents of
 * {@link InvocationBatch} records on weir.invocation-batches: the node's recorder writes by it, and the
 * load generator of the test harness writes by it too, so that what the processors are tested and
 * benchmarked with is exactly what a node writes.
 *
 * <p>A node drains up to {@value #DRAIN_SIZE} invocations at a time and cuts them ({@link #of}) by API
 * (the record key, so that all of an API's invocations share a partition), in drain order within each
 * API, and into a new batch whenever the next invocation would take the batch past
 * {@value #MAX_RECORD_BYTES} bytes of its {@link EncodedSizeBound}. An invocation is in exactly one
 * batch; no batch is empty.
 */
public final class InvocationBatches {

    /**
     * How many invocations a node drains from its buffer at a time, and so the most one of its records
     * holds. A batch, not an invocation, per Kafka record is what keeps the broker's and the processors'
     * cost per call small: they pay a record's overhead (its validation, a Streams loop turn, a schema
     * lookup) once per batch.
     */
    public static final int DRAIN_SIZE = 1024;

    /**
     * A record's invocations stop at this bound of their encoding (see {@link EncodedSizeBound}), far
     * below the producer's {@code max.request.size} and the broker's {@code message.max.bytes} (1 MiB by
     * default) whatever the invocations hold.
     */
    public static final int MAX_RECORD_BYTES = 512 * 1024;

    private InvocationBatches() {
    }

    /**
     * The contents of the records for {@code drained}, in the order they are to be written: one or more
     * per API id among them, in the order of the APIs' first invocations.
     */
    public static List<List<Invocation>> of(List<Invocation> drained, int maxBytes) {
        Collection<List<Invocation>> groups = byApi(drained);
        List<List<Invocation>> batches = new ArrayList<>(groups.size());
        for (List<Invocation> ofApi : groups) {
            int left = ofApi.size();
            List<Invocation> batch = new ArrayList<>(left);
            int bytes = 0;        // at least EncodedSizeBound.of(batch); exactly that once counted exactly
            boolean exact = true; // whether bytes is exactly EncodedSizeBound.of(batch)
            for (Invocation invocation : ofApi) {
                int size = EncodedSizeBound.quick(invocation);
                if (bytes + size > maxBytes) {
                    // near the limit: decide by the exact bound, as if every invocation had been counted so
                    if (!exact) {
                        bytes = EncodedSizeBound.of(batch);
                        exact = true;
                    }
                    size = EncodedSizeBound.of(invocation);
                } else {
                    exact = false;
                }
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    batches.add(batch);
                    batch = new ArrayList<>(left);
                    bytes = 0;
                    exact = true;
                }
                batch.add(invocation);
                bytes += size;
                left--;
            }
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The drained invocations by API, in the order of the APIs' first invocations; one group without a map
     * when they are all of one API (a node serving one busy API, the common case).
     */
    private static Collection<List<Invocation>> byApi(List<Invocation> drained) {
        String first = drained.isEmpty() ? null : drained.get(0).getApiId();
        boolean oneApi = true;
        for (Invocation invocation : drained) {
            if (!Objects.equals(invocation.getApiId(), first)) {
                oneApi = false;
                break;
            }
        }
        if (oneApi) {
            return drained.isEmpty() ? List.of() : List.of(drained);
        }
        Map<String, List<Invocation>> byApi = new LinkedHashMap<>();
        for (Invocation invocation : drained) {
            byApi.computeIfAbsent(invocation.getApiId(), api -> new ArrayList<>()).add(invocation);
        }
        return byApi.values();
    }
}
