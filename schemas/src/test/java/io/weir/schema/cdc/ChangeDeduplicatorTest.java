package io.weir.schema.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ChangeDeduplicatorTest {

    private static final Schema CHANGE = SchemaBuilder.record("OrdersChange").fields()
            .requiredString(ChangeRecord.OP)
            .optionalLong(ChangeRecord.LSN)
            .optionalLong(ChangeRecord.TX_ID)
            .endRecord();
    private static final String TOPIC = "weir.cdc.shop.public.orders";

    private final ChangeDeduplicator dedupe = new ChangeDeduplicator(1000);

    @Test
    void aRedeliveredChangeIsSeenOnce() {
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, 100L, 7L))).isTrue();
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.UPDATE, 120L, 8L))).isTrue();
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, 100L, 7L))).isFalse();
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.UPDATE, 120L, 8L))).isFalse();
    }

    @Test
    void snapshotRowsShareAPositionButNotAKey() {
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.SNAPSHOT, 50L, 3L))).isTrue();
        assertThat(dedupe.firstDelivery(TOPIC, "2", change(ChangeRecord.SNAPSHOT, 50L, 3L))).isTrue();
        assertThat(dedupe.firstDelivery("weir.cdc.shop.public.lines", "1", change(ChangeRecord.SNAPSHOT, 50L, 3L))).isTrue();
    }

    @Test
    void aPrimaryKeyUpdateIsADeleteAndAnInsertAtOnePosition() {
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.DELETE, 200L, 9L))).isTrue();
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, 200L, 9L))).isTrue();
    }

    @Test
    void changesWithoutAPositionAreAlwaysPassedOn() {
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, null, null))).isTrue();
        assertThat(dedupe.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, null, null))).isTrue();
    }

    @Test
    void remembersABoundedNumberOfChanges() {
        ChangeDeduplicator small = new ChangeDeduplicator(2);
        small.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, 1L, 1L));
        small.firstDelivery(TOPIC, "2", change(ChangeRecord.INSERT, 2L, 2L));
        small.firstDelivery(TOPIC, "3", change(ChangeRecord.INSERT, 3L, 3L));
        assertThat(small.firstDelivery(TOPIC, "3", change(ChangeRecord.INSERT, 3L, 3L))).isFalse();
        assertThat(small.firstDelivery(TOPIC, "1", change(ChangeRecord.INSERT, 1L, 1L))).as("forgotten").isTrue();
        assertThatThrownBy(() -> new ChangeDeduplicator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static GenericRecord change(String op, Long lsn, Long txId) {
        GenericRecord record = new GenericData.Record(CHANGE);
        record.put(ChangeRecord.OP, op);
        record.put(ChangeRecord.LSN, lsn);
        record.put(ChangeRecord.TX_ID, txId);
        return record;
    }
}
