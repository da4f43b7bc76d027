package io.weir.processors.command;

import io.weir.schema.common.AggregateType;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the two fields every state record (a view record of {@code io.weir.schema.view}) has, and
 * names the store each aggregate type keeps its states in.
 */
final class AggregateStates {

    private AggregateStates() {
    }

    static String storeName(AggregateType type) {
        return "aggregate-" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static long version(SpecificRecord state) {
        return state == null ? 0L : (Long) state.get(state.getSchema().getField("version").pos());
    }

    static String organization(SpecificRecord state) {
        return (String) state.get(state.getSchema().getField("organization").pos());
    }
}
