package io.weir.e2e.bench;

import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How many invocation batches (records) the stream processors have yet to process: the committed end
 * of {@code weir.invocation-batches} minus the processors' committed offsets. A benchmark round can admit
 * invocations faster than the processors fold them; the backlog left after the rounds is reported
 * (with the time it took to drain) and drained before the propagation is measured, which would
 * otherwise time the backlog instead of a deployment.
 */
final class ProcessorBacklog implements AutoCloseable {

    /**
     * The processors' consumer groups that read the batches: the throttling processor's and the analytics'
     * own applications (their default ids: the main one's, {@code quarkus.kafka-streams.application-id} of
     * stream-processors' application.properties, with {@code -throttling} and {@code -analytics}).
     */
    private static final List<String> PROCESSORS_GROUPS = List.of("weir-stream-processors-throttling",
            "weir-stream-processors-analytics");

    private static final String BATCHES_TOPIC = TopicNaming.defaults().name(Topics.INVOCATION_BATCHES);

    private final Admin admin;

    ProcessorBacklog(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(properties);
    }

    /**
     * Batches of weir.invocation-batches not yet committed by the processors (a transaction marker per
     * partition aside): the larger backlog of the two groups reading them.
     */
    long records() throws Exception {
        Map<TopicPartition, OffsetSpec> invocationPartitions = admin.describeTopics(List.of(BATCHES_TOPIC))
                .allTopicNames().get().get(BATCHES_TOPIC).partitions().stream()
                .map(p -> new TopicPartition(BATCHES_TOPIC, p.partition()))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(invocationPartitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        long most = 0;
        for (String group : PROCESSORS_GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long behind = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long lag = end.getValue().offset() - (at == null ? 0 : at.offset());
                behind += Math.max(0, lag - 1);
            }
            most = Math.max(most, behind);
        }
        return most;
    }

    @Override
    public void close() {
        admin.close();
    }
}
