package io.weir.schema.cdc;

import java.util.Set;

/**
 * The shape of every record on a {@code weir.cdc.<source>.<schema>.<table>} topic, shared by the CDC
 * connectors that write it and the consumers that read it. Values are Avro records whose schema is
 * derived from the table (artifact {@code <topic>-value} in the registry, BACKWARD-compatible:
 * every column is an optional field, so an added column is a new compatible version); keys are the
 * row key as a string (see {@link #rowKeyDoc()}).
 *
 * <pre>
 * record &lt;Table&gt;Change {
 *   string op;                 // INSERT, UPDATE, DELETE, or SNAPSHOT (a row read by the initial snapshot)
 *   union {null, &lt;Table&gt;Row} before;  // the row before an UPDATE/DELETE (all columns with REPLICA IDENTITY FULL,
 *   union {null, &lt;Table&gt;Row} after;   //  else the key columns); the row after an INSERT/UPDATE/SNAPSHOT
 *   union {null, long} lsn;    // source log position of the change (PostgreSQL LSN)
 *   union {null, long} txId;   // source transaction id
 *   union {null, timestamp-millis} committedAt;  // commit time in the source database
 *   timestamp-millis capturedAt;                 // when the connector read the change
 * }
 * </pre>
 */
public final class ChangeRecord {

    public static final String OP = "op";
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String LSN = "lsn";
    public static final String TX_ID = "txId";
    public static final String COMMITTED_AT = "committedAt";
    public static final String CAPTURED_AT = "capturedAt";

    public static final String INSERT = "INSERT";
    public static final String UPDATE = "UPDATE";
    public static final String DELETE = "DELETE";
    public static final String SNAPSHOT = "SNAPSHOT";

    /** Every value {@link #OP} takes. */
    public static final Set<String> OPERATIONS = Set.of(INSERT, UPDATE, DELETE, SNAPSHOT);

    private ChangeRecord() {
    }

    /** How the record key is formed, for documents that describe a CDC topic. */
    public static String rowKeyDoc() {
        return "the row's primary key: the value of a single key column as text, or a JSON object of the key"
                + " columns for a composite key; no key for a table without a primary key";
    }
}
