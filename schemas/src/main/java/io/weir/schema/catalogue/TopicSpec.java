package io.weir.schema.catalogue;

import java.time.Duration;
import java.util.Optional;

/**
 * One topic of Weir's catalogue: its base name (the configurable prefix is added by
 * {@link TopicNaming}), what its key means, the Avro type of its value, and how the broker keeps it.
 *
 * @param baseName    name without prefix, e.g. {@code commands}
 * @param keyDoc      what the (string) key is, e.g. "aggregate id"
 * @param valueType   generated Avro class of the value; tombstones (null) on compacted topics
 * @param partitions  default partition count
 * @param cleanup     delete (a log with retention) or compact (latest value per key)
 * @param retention   how long records are kept; empty means forever
 * @param writtenBy   the one component that writes it (the single-writer rule of DESIGN.md)
 * @param description one line for the AsyncAPI document and the README
 */
public record TopicSpec<V>(
        String baseName,
        String keyDoc,
        Class<V> valueType,
        int partitions,
        Cleanup cleanup,
        Optional<Duration> retention,
        String writtenBy,
        String description) {

    /** How the broker keeps the records of a topic. */
    public enum Cleanup {
        DELETE("delete"),
        COMPACT("compact");

        private final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }

        /** The value of the {@code cleanup.policy} topic config. */
        public String policy() {
            return policy;
        }
    }

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for " + baseName);
        }
    }

    /** {@code retention.ms} as the broker expects it: -1 for forever. */
    public long retentionMs() {
        return retention.map(Duration::toMillis).orElse(-1L);
    }
}
