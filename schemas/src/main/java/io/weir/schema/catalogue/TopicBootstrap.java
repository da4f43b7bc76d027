package io.weir.schema.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics idempotently and brings the configs of existing ones back to the
 * catalogue (cleanup policy, retention). It never changes a partition count: adding partitions to
 * a keyed topic moves keys to other partitions and breaks per-key order, so a mismatch is reported
 * for an operator to decide.
 */
public final class TopicBootstrap {

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;
    private final TopicNaming naming;
    private final short replicationFactor;

    public TopicBootstrap(Admin admin, TopicNaming naming, short replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be >= 1");
        }
        this.admin = admin;
        this.naming = naming;
        this.replicationFactor = replicationFactor;
    }

    /** What a bootstrap run did. */
    public record Report(List<String> created, List<String> reconfigured, List<String> partitionMismatches) {
        public boolean changedAnything() {
            return !created.isEmpty() || !reconfigured.isEmpty();
        }
    }

    /** The topic configs Weir owns for a catalogue entry; anything else is left to the operator. */
    public Map<String, String> expectedConfigs(TopicSpec<?> topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().policy());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retentionMs()));
        // with three or more replicas, an acknowledged write must survive the loss of one broker
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor >= 3 ? "2" : "1");
        return configs;
    }

    public Report ensure(Collection<TopicSpec<?>> topics) {
        try {
            return doEnsure(topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bootstrapping topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not bootstrap topics: " + e.getMessage(), e);
        }
    }

    private Report doEnsure(Collection<TopicSpec<?>> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = new java.util.HashSet<>(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        List<String> created = createMissing(topics, existing);
        awaitVisible(topics.stream().map(naming::name).toList());
        Map<String, TopicSpec<?>> present = new LinkedHashMap<>();
        for (TopicSpec<?> topic : topics) {
            String name = naming.name(topic);
            if (existing.contains(name)) {
                present.put(name, topic);
            }
        }
        if (present.isEmpty()) {
            return new Report(created, List.of(), List.of());
        }
        return new Report(created, reconfigure(present), partitionMismatches(present));
    }

    private List<String> createMissing(Collection<TopicSpec<?>> topics, Set<String> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec<?> topic : topics) {
            String name = naming.name(topic);
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, topic.partitions(), replicationFactor).configs(expectedConfigs(topic)));
            }
        }
        List<String> created = new ArrayList<>();
        var result = admin.createTopics(missing);
        for (var entry : result.values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                // it exists after all (another bootstrap raced us, or the listing lagged): check it like
                // any existing topic
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(entry.getKey());
            }
        }
        return created;
    }

    /**
     * A new topic is known to the controller at once but to the brokers a little later; wait
     * (bounded) until every topic can be described, so its configs can be checked and callers can
     * use it right away.
     */
    private void awaitVisible(List<String> names) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!names.isEmpty()) {
            try {
                admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics not visible after " + TIMEOUT_SECONDS + " s: " + names);
                }
                Thread.sleep(50);
            }
        }
    }

    private List<String> reconfigure(Map<String, TopicSpec<?>> present)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = present.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> actual = admin.describeConfigs(resources).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (var entry : actual.entrySet()) {
            TopicSpec<?> topic = present.get(entry.getKey().name());
            List<AlterConfigOp> ops = new ArrayList<>();
            expectedConfigs(topic).forEach((key, value) -> {
                ConfigEntry current = entry.getValue().get(key);
                if (current == null || !value.equals(current.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(entry.getKey(), ops);
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return changes.keySet().stream().map(ConfigResource::name).sorted().toList();
    }

    private List<String> partitionMismatches(Map<String, TopicSpec<?>> present)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(present.keySet()).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> mismatches = new ArrayList<>();
        descriptions.forEach((name, description) -> {
            int expected = present.get(name).partitions();
            int actual = description.partitions().size();
            if (actual != expected) {
                mismatches.add(name + " has " + actual + " partitions, the catalogue says " + expected);
            }
        });
        return mismatches;
    }
}
