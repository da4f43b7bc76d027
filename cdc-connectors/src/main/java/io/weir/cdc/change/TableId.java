package io.weir.cdc.change;

/** A captured table of a source: {@code <source>.<schema>.<table>} is also its catalog service name. */
public record TableId(String source, String schema, String table) {

    public String catalogName() {
        return source + "." + schema + "." + table;
    }
}
