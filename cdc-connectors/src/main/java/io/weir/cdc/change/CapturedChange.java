package io.weir.cdc.change;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One row change, ready for its topic.
 *
 * @param table       the captured table
 * @param topic       {@code <prefix>cdc.<source>.<schema>.<table>}
 * @param key         the row key as text (null for a table without a primary key)
 * @param value       the change record ({@link io.weir.schema.cdc.ChangeRecord})
 * @param committedAt commit time in the source database (epoch millis), or null when not reported
 */
public record CapturedChange(TableId table, String topic, String key, GenericRecord value, Long committedAt) {

    public Schema schema() {
        return value.getSchema();
    }
}
