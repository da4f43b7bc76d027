package io.weir.dataplane.http;

import io.weir.dataplane.throttle.Throttling.Charge;
import java.util.List;

/**
 * The throttle counters a call is charged to, and their keys as its invocation record names them
 * ({@code Invocation.throttleKeys}), built together so that a remembered set costs nothing per call.
 * Both lists are immutable and may be shared by any number of calls and records.
 */
record CallCharges(List<Charge> charges, List<String> keys) {

    static final CallCharges NONE = new CallCharges(List.of(), List.of());

    static CallCharges of(List<Charge> charges) {
        if (charges.isEmpty()) {
            return NONE;
        }
        String[] keys = new String[charges.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = charges.get(i).key().key();
        }
        return new CallCharges(List.copyOf(charges), List.of(keys));
    }

    boolean isEmpty() {
        return charges.isEmpty();
    }
}
