package io.weir.schema.catalogue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns catalogue entries into real topic names under a configurable prefix (default {@code weir.}),
 * so that several Weir installations can share one Kafka cluster.
 */
public final class TopicNaming {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "weir.";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    private final String prefix;

    private TopicNaming(String prefix) {
        this.prefix = prefix;
    }

    public static TopicNaming withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
        }
        return new TopicNaming(prefix);
    }

    public static TopicNaming defaults() {
        return new TopicNaming(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** The full name of a catalogue topic, e.g. {@code weir.commands}. */
    public String name(TopicSpec<?> topic) {
        return prefix + topic.baseName();
    }

    /**
     * The topic a CDC source writes one captured table to: {@code weir.cdc.<source>.<schema>.<table>}.
     * Parts are checked, not silently rewritten: a bad source name is a configuration error.
     */
    public String cdcTopic(String source, String schema, String table) {
        for (String part : new String[] {source, schema, table}) {
            if (part == null || part.isEmpty() || !LEGAL.matcher(part).matches()) {
                throw new IllegalArgumentException("illegal CDC topic part '" + part + "'");
            }
        }
        return prefix + "cdc." + source + "." + schema + "." + table;
    }

    /** Prefix of every CDC topic, for consumers subscribing by pattern. */
    public String cdcTopicPrefix() {
        return prefix + "cdc.";
    }
}
