package io.weir.dataplane.stream;

import java.util.Map;

/**
 * The records a client asked for: only those with this key ({@code ?key=}), and only those carrying
 * each of these header values ({@code ?header.<name>=<value>}, compared as UTF-8 text). Empty = all.
 */
record RecordFilter(String key, Map<String, String> headers) {

    static final String HEADER_PREFIX = "header.";
    static final RecordFilter ALL = new RecordFilter(null, Map.of());

    RecordFilter {
        headers = Map.copyOf(headers);
    }

    boolean matches(StreamRecord record) {
        if (key != null && !key.equals(record.key())) {
            return false;
        }
        for (Map.Entry<String, String> wanted : headers.entrySet()) {
            if (!wanted.getValue().equals(record.headers().get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
