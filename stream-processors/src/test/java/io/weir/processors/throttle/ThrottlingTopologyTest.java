package io.weir.processors.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weir.processors.ProcessorSerdes;
import io.weir.processors.analytics.AnalyticsSettings;
import io.weir.processors.analytics.AnalyticsTopology;
import io.weir.processors.testing.InvocationEnvelopes;
import io.weir.processors.testing.SelfDescribingAvroSerde;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.gateway.GatewayNodeState;
import io.weir.schema.gateway.GatewayNodeStatus;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import io.weir.schema.throttle.ThrottleCharge;
import io.weir.schema.throttle.ThrottleDecision;
import io.weir.schema.throttle.ThrottleKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The throttling processor on TopologyTestDriver: charges summed per counter, node and window until the
 * wall-clock flush, then counts, grants, blocks, windows, expiry. A test that pipes one invocation per
 * flush sees the counter fold each call on its own, as it would at low traffic. Unless a test is
 * about batches, each invocation comes in a record (an envelope) of its own.
 */
class ThrottlingTopologyTest {

    /** A minute boundary, so that windows of the tests start where the test says. */
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;
    private static final String TEN_PER_MINUTE = "acme/SUBSCRIPTION/Gold";
    private static final String SUBSCRIPTION = "production|" + TEN_PER_MINUTE + "|sub-1";
    private static final String APPLICATION_ID = "throttling-test";

    private final TopicNaming naming = TopicNaming.defaults();
    private final ProcessorSerdes serdes = new ProcessorSerdes(type -> new SelfDescribingAvroSerde<>());
    private final ThrottlingSettings settings = ThrottlingSettings.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, InvocationBatch> batches;
    private TestInputTopic<String, GatewayPolicy> policies;
    private TestInputTopic<String, GatewayNodeStatus> nodes;
    private TestOutputTopic<String, ThrottleDecision> decisions;
    private TestOutputTopic<String, ThrottleCharge> sums;
    private TestOutputTopic<String, ThrottleCharge> pendingChangelog;
    private TestOutputTopic<String, String> otherReader;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        new ThrottlingTopology(naming, serdes, settings).build(builder);
        // another topology of the same application reading weir.invocation-batches too: the sources merge
        builder.stream(naming.name(Topics.INVOCATION_BATCHES),
                        Consumed.with(Serdes.String(), serdes.of(InvocationBatch.class)).withName("other-reader"))
                .flatMapValues(batch -> batch == null ? List.<String>of()
                                : batch.getInvocations().stream().map(Invocation::getInvocationId).toList(),
                        Named.as("other-reader-ids"))
                .to("other-reader-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config, Instant.ofEpochMilli(T0));
        batches = driver.createInputTopic(naming.name(Topics.INVOCATION_BATCHES), Serdes.String().serializer(),
                serdes.of(InvocationBatch.class).serializer());
        policies = driver.createInputTopic(naming.name(Topics.GATEWAY_POLICIES), Serdes.String().serializer(),
                serdes.of(GatewayPolicy.class).serializer());
        nodes = driver.createInputTopic(naming.name(Topics.GATEWAY_NODES), Serdes.String().serializer(),
                serdes.of(GatewayNodeStatus.class).serializer());
        decisions = driver.createOutputTopic(naming.name(Topics.THROTTLE_DECISIONS), Serdes.String().deserializer(),
                serdes.of(ThrottleDecision.class).deserializer());
        sums = driver.createOutputTopic(APPLICATION_ID + "-" + ThrottlingTopology.SUMS_BY_KEY + "-repartition",
                Serdes.String().deserializer(), serdes.of(ThrottleCharge.class).deserializer());
        pendingChangelog = driver.createOutputTopic(
                APPLICATION_ID + "-" + ThrottlingTopology.PENDING_CHARGES_STORE + "-changelog",
                Serdes.String().deserializer(), serdes.of(ThrottleCharge.class).deserializer());
        otherReader = driver.createOutputTopic("other-reader-out", Serdes.String().deserializer(),
                Serdes.String().deserializer());
        policies.pipeInput(TEN_PER_MINUTE, policy("Gold", QuotaKind.REQUEST_COUNT, 10, null));
        nodes.pipeInput("production/node-a", node("node-a"));
        nodes.pipeInput("production/node-b", node("node-b"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theCallsOfOneCounterNodeAndWindowLeaveAsOneSumAtTheFlush() {
        long[] at = {1_000, 2_000, 4_000, 3_000, 1_500, 2_500, 3_500}; // the latest is not the last read
        for (long offset : at) {
            pipe(invocation("node-a", T0 + offset, SUBSCRIPTION));
        }
        assertThat(sums.isEmpty()).as("nothing is repartitioned before the flush").isTrue();
        assertThat(decisions.isEmpty()).as("nor counted").isTrue();

        flushCharges();

        assertThat(sums.readKeyValuesToList()).singleElement().satisfies(sum -> {
            assertThat(sum.key).isEqualTo(SUBSCRIPTION);
            assertThat(sum.value.getGatewayNode()).isEqualTo("node-a");
            assertThat(sum.value.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(sum.value.getLastChargedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 4_000));
            assertThat(sum.value.getAmount()).isEqualTo(at.length);
            assertThat(sum.value.getInvocations()).isEqualTo(at.length);
        });
        assertThat(decisions.readValuesToList()).singleElement().satisfies(decision -> {
            assertThat(decision.getCount()).isEqualTo(at.length);
            assertThat(decision.getNodeCounts()).containsExactly(Map.entry("node-a", (long) at.length));
            assertThat(decision.getGrants()).as("7 calls past a share of 3 drain the pool, as one by one")
                    .containsExactly(Map.entry("node-a", 5L));
        });
        flushCharges();
        assertThat(sums.isEmpty()).as("a sum forwarded is forgotten").isTrue();
    }

    @Test
    void chargesOfTwoWindowsAreTwoSumsAndTheOlderIsCountedFirst() {
        pipe(invocation("node-a", T0 + 61_000, SUBSCRIPTION));
        pipe(invocation("node-a", T0 + 59_000, SUBSCRIPTION));
        pipe(invocation("node-a", T0 + 62_000, SUBSCRIPTION));

        flushCharges();

        assertThat(sums.readValuesToList())
                .extracting(ThrottleCharge::getWindowStart, ThrottleCharge::getLastChargedAt, ThrottleCharge::getAmount)
                .containsExactly(
                        tuple(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 59_000), 1L),
                        tuple(Instant.ofEpochMilli(T0 + 60_000), Instant.ofEpochMilli(T0 + 62_000), 2L));
        assertThat(decisions.readValuesToList()).as("the older window is not dropped as late")
                .extracting(ThrottleDecision::getWindowStart, ThrottleDecision::getCount)
                .containsExactly(tuple(Instant.ofEpochMilli(T0), 1L), tuple(Instant.ofEpochMilli(T0 + 60_000), 2L));
    }

    @Test
    void aPendingSumIsStoreStateUntilTheCommitThatForwardsIt() {
        pipe(invocation("node-a", T0 + 1_000, SUBSCRIPTION));
        pipe(invocation("node-a", T0 + 1_200, SUBSCRIPTION));

        // committed with the offsets of the invocations summed in: after a crash it is restored, not lost
        assertThat(pendingChangelog.readValuesToList()).last()
                .satisfies(sum -> assertThat(sum.getAmount()).isEqualTo(2));

        flushCharges();

        // and deleted in the transaction that sends it on: after a crash it is not sent twice
        assertThat(pendingChangelog.readValuesToList()).last().isNull();
        assertThat(sums.readValuesToList()).singleElement()
                .satisfies(sum -> assertThat(sum.getAmount()).isEqualTo(2));
    }

    @Test
    void grantsOnlyGrowAndNeverExceedThePoolWhileNodesInterleave() {
        String[] order = {"node-b", "node-a", "node-b", "node-b", "node-a", "node-a", "node-b", "node-a", "node-a",
                "node-b", "node-a", "node-b"};
        for (int i = 0; i < order.length; i++) {
            pipe(invocation(order[i], T0 + 1_000 + i * 100L, SUBSCRIPTION));
            flushCharges();
        }
        driver.advanceWallClockTime(Duration.ofMillis(200));

        List<ThrottleDecision> published = decisions.readValuesToList();
        assertThat(published).isNotEmpty();
        Map<String, Long> last = new HashMap<>();
        for (ThrottleDecision decision : published) {
            long granted = decision.getGrants().values().stream().mapToLong(Long::longValue).sum();
            assertThat(granted).as("within the pool of 10 - floor(10 * 0.5)").isLessThanOrEqualTo(5);
            decision.getGrants().forEach((node, grant) ->
                    assertThat(grant).as("grant of %s", node).isGreaterThanOrEqualTo(last.getOrDefault(node, 0L)));
            last.putAll(decision.getGrants());
            assertThat(decision.getInitialShareTotal()).isEqualTo(5);
        }
        ThrottleDecision latest = published.get(published.size() - 1);
        assertThat(latest.getCount()).isEqualTo(12);
        assertThat(latest.getNodeCounts()).containsEntry("node-a", 6L).containsEntry("node-b", 6L);
        assertThat(latest.getBlocked()).isTrue();
        assertThat(latest.getBlockedUntil()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(latest.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(store().get(SUBSCRIPTION).getCount()).isEqualTo(12);
        assertThat(otherReader.readValuesToList()).as("the other reader of weir.invocation-batches got them all").hasSize(12);
    }

    @Test
    void countsAloneAreCoalescedUntilThePublishInterval() {
        // 100 per minute: node-a's slice is 25, two calls are nowhere near running dry
        String silver = "production|acme/SUBSCRIPTION/Silver|sub-2";
        policies.pipeInput("acme/SUBSCRIPTION/Silver", policy("Silver", QuotaKind.REQUEST_COUNT, 100, null));
        pipe(invocation("node-a", T0 + 1_000, silver));
        flushCharges();
        assertThat(decisions.readValuesToList()).as("a new window is published once its sum arrives").hasSize(1);
        pipe(invocation("node-a", T0 + 1_100, silver));
        flushCharges();
        assertThat(decisions.isEmpty()).as("a count alone waits").isTrue();

        driver.advanceWallClockTime(settings.publishInterval());

        assertThat(decisions.readValuesToList()).singleElement()
                .satisfies(decision -> assertThat(decision.getCount()).isEqualTo(2));
    }

    @Test
    void anInvocationIsCountedOnEveryCounterItWasChargedToAndOnlyIfAdmitted() {
        String application = "production|acme/APPLICATION/Unlimited|app-1";
        policies.pipeInput("acme/APPLICATION/Unlimited", policy("Unlimited", QuotaKind.REQUEST_COUNT, 1_000, null));

        pipe(invocation("node-a", T0 + 1_000, SUBSCRIPTION, application));
        Invocation refused = invocation("node-a", T0 + 1_001, SUBSCRIPTION, application);
        refused.setThrottled(true);
        pipe(refused);
        pipe(invocation("node-a", T0 + 1_002));
        flushCharges();

        assertThat(sums.readKeyValuesToList()).as("the refused call is charged nowhere")
                .extracting(sum -> sum.key, sum -> sum.value.getInvocations())
                .containsExactlyInAnyOrder(tuple(SUBSCRIPTION, 1L), tuple(application, 1L));
        Map<String, ThrottleDecision> latest = decisions.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys(SUBSCRIPTION, application);
        assertThat(latest.get(SUBSCRIPTION).getCount()).isEqualTo(1);
        assertThat(latest.get(application).getCount()).isEqualTo(1);
    }

    @Test
    void aNewWindowStartsFromNothing() {
        for (int i = 0; i < 10; i++) {
            pipe(invocation(i % 2 == 0 ? "node-a" : "node-b", T0 + 1_000 + i, SUBSCRIPTION));
        }
        pipe(invocation("node-a", T0 + 60_500, SUBSCRIPTION));
        flushCharges(); // three sums: node-a and node-b in the first window, node-a in the next, oldest first

        List<ThrottleDecision> published = decisions.readValuesToList();
        ThrottleDecision next = published.get(published.size() - 1);
        assertThat(next.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(next.getCount()).isEqualTo(1);
        assertThat(next.getBlocked()).isFalse();
        assertThat(next.getGrants()).isEmpty();

        pipe(invocation("node-b", T0 + 59_000, SUBSCRIPTION));
        flushCharges();
        driver.advanceWallClockTime(settings.publishInterval());
        assertThat(store().get(SUBSCRIPTION).getCount()).as("a late call of the closed window").isEqualTo(1);
    }

    @Test
    void oldWindowsAreDroppedAndTheirDecisionsTombstoned() {
        pipe(invocation("node-a", T0 + 1_000, SUBSCRIPTION));
        flushCharges();
        assertThat(sums.readValuesToList()).hasSize(1);
        assertThat(decisions.readValuesToList()).isNotEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(60 + 60 + 20)); // window end + retention + a sweep

        List<KeyValue<String, ThrottleDecision>> out = decisions.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).contains(SUBSCRIPTION);
        assertThat(out.get(out.size() - 1).value).as("tombstone").isNull();
        assertThat(store().get(SUBSCRIPTION)).isNull();

        pipe(invocation("node-a", T0 + 2_000, SUBSCRIPTION));
        flushCharges();
        assertThat(sums.isEmpty()).as("a call of a window nobody enforces any more is not summed").isTrue();
        assertThat(decisions.isEmpty()).as("nor counted").isTrue();
    }

    @Test
    void anInvocationChargedToAnUnknownPolicyIsIgnoredAndTheRestGoesOn() {
        pipe(invocation("node-a", T0 + 1_000, "production|acme/API/Nowhere|api-1"));
        pipe(invocation("node-a", T0 + 1_001, "not a throttle key"));
        pipe(invocation("node-a", T0 + 1_002, SUBSCRIPTION));
        flushCharges();

        assertThat(sums.readKeyValuesToList()).extracting(sum -> sum.key).containsExactly(SUBSCRIPTION);
        assertThat(decisions.readKeyValuesToMap()).containsOnlyKeys(SUBSCRIPTION);
    }

    @Test
    void aBandwidthPolicyCountsRequestAndResponseBytes() {
        String bytes = "production|acme/SUBSCRIPTION/Bytes|sub-1";
        policies.pipeInput("acme/SUBSCRIPTION/Bytes", policy("Bytes", QuotaKind.BANDWIDTH, 0, 10_000L));

        Invocation first = invocation("node-a", T0 + 1_000, bytes);
        first.setRequestBytes(1_000);
        first.setResponseBytes(2_000);
        pipe(first);
        Invocation second = invocation("node-b", T0 + 1_100, bytes);
        second.setRequestBytes(500);
        second.setResponseBytes(3_000);
        pipe(second);
        flushCharges();
        driver.advanceWallClockTime(settings.publishInterval());

        List<ThrottleDecision> published = decisions.readValuesToList();
        ThrottleDecision latest = published.get(published.size() - 1);
        assertThat(latest.getCount()).isEqualTo(6_500);
        assertThat(latest.getLimit()).isEqualTo(10_000);
        assertThat(latest.getInitialShareTotal()).isEqualTo(5_000);
        assertThat(latest.getNodeCounts()).containsEntry("node-a", 3_000L).containsEntry("node-b", 3_500L);
        assertThat(latest.getGrants()).as("node-b's slice of 2500 bytes is spent").containsKey("node-b");
        assertThat(latest.getGrants().values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(5_000);
    }

    @Test
    void aBandwidthSumAddsTheBytesOfItsCallsWhileAnotherCounterCountsThem() {
        String bytes = "production|acme/SUBSCRIPTION/Bytes|sub-1";
        policies.pipeInput("acme/SUBSCRIPTION/Bytes", policy("Bytes", QuotaKind.BANDWIDTH, 0, 10_000L));

        Invocation first = invocation("node-a", T0 + 1_000, bytes, SUBSCRIPTION);
        first.setRequestBytes(1_000);
        first.setResponseBytes(2_000);
        pipe(first);
        Invocation second = invocation("node-a", T0 + 1_100, bytes, SUBSCRIPTION);
        second.setRequestBytes(500);
        second.setResponseBytes(3_000);
        pipe(second);
        flushCharges();

        assertThat(sums.readKeyValuesToMap()).hasSize(2)
                .hasEntrySatisfying(bytes, sum -> assertThat(sum.getAmount()).isEqualTo(6_500))
                .hasEntrySatisfying(SUBSCRIPTION, sum -> assertThat(sum.getAmount()).isEqualTo(2));
        assertThat(store().get(bytes).getCount()).isEqualTo(6_500);
        assertThat(store().get(SUBSCRIPTION).getCount()).isEqualTo(2);
    }

    @Test
    void aSingleBusyNodeDrainsThePool() {
        for (int i = 0; i < 12; i++) {
            pipe(invocation("node-a", T0 + 1_000 + i * 1_000L, SUBSCRIPTION));
            flushCharges();
        }
        List<ThrottleDecision> published = decisions.readValuesToList();
        assertThat(published.get(published.size() - 1).getGrants()).containsOnlyKeys("node-a")
                .containsEntry("node-a", 5L);
    }

    @Test
    void aBatchChargesEachOfItsAdmittedInvocationsAndNoneOfItsRefusedOnes() {
        Invocation refused = invocation("node-a", T0 + 1_050, SUBSCRIPTION);
        refused.setThrottled(true);
        batches.pipeInput("api-1", (InvocationBatch) null); // a tombstone charges nothing
        pipe(invocation("node-a", T0 + 1_000, SUBSCRIPTION), refused, invocation("node-a", T0 + 1_200, SUBSCRIPTION),
                invocation("node-a", T0 + 61_000, SUBSCRIPTION));
        pipe(invocation("node-b", T0 + 1_100, SUBSCRIPTION), invocation("node-b", T0 + 1_300, SUBSCRIPTION));

        flushCharges();

        assertThat(sums.readValuesToList()).as("the five admitted calls of two records, summed as five records would be")
                .extracting(ThrottleCharge::getGatewayNode, ThrottleCharge::getWindowStart, ThrottleCharge::getLastChargedAt,
                        ThrottleCharge::getAmount, ThrottleCharge::getInvocations)
                .containsExactly(
                        tuple("node-a", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1_200), 2L, 2L),
                        tuple("node-b", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1_300), 2L, 2L),
                        tuple("node-a", Instant.ofEpochMilli(T0 + 60_000), Instant.ofEpochMilli(T0 + 61_000), 1L, 1L));
        assertThat(decisions.readValuesToList()).as("each sum counted as it arrives, oldest window first")
                .extracting(ThrottleDecision::getWindowStart, ThrottleDecision::getCount)
                .containsExactly(tuple(Instant.ofEpochMilli(T0), 2L), tuple(Instant.ofEpochMilli(T0), 4L),
                        tuple(Instant.ofEpochMilli(T0 + 60_000), 1L));
        assertThat(otherReader.readValuesToList()).as("every invocation of the batch reached the other reader")
                .hasSize(6);
    }

    @Test
    void batchesDecideAsTheSameInvocationsInARecordEach() {
        String alone = "production|" + TEN_PER_MINUTE + "|sub-alone";
        String enveloped = "production|" + TEN_PER_MINUTE + "|sub-enveloped";
        Random random = new Random(20261207);
        for (int round = 0; round < 24; round++) { // each round, one node's recorder drains what it served
            String node = random.nextBoolean() ? "node-a" : "node-b";
            List<Invocation> oneByOne = new ArrayList<>();
            List<Invocation> batched = new ArrayList<>();
            for (int i = 1 + random.nextInt(7); i > 0; i--) {
                long at = T0 + round * 7_500L + random.nextInt(7_500);
                boolean throttled = random.nextInt(5) == 0; // refused by the gateway: charged nowhere
                oneByOne.add(Invocation.newBuilder(invocation(node, at, alone)).setThrottled(throttled).build());
                batched.add(Invocation.newBuilder(invocation(node, at, enveloped)).setThrottled(throttled).build());
            }
            oneByOne.forEach(invocation -> pipe(invocation));
            InvocationEnvelopes.recorded(batched, 3).forEach(record -> batches.pipeInput(record.key, record.value));
            flushCharges();
        }
        driver.advanceWallClockTime(settings.publishInterval());

        Map<String, List<ThrottleDecision>> byCounter = decisions.readValuesToList().stream()
                .collect(Collectors.groupingBy(ThrottleDecision::getThrottleKey,
                        Collectors.mapping(decision -> ThrottleDecision.newBuilder(decision).setThrottleKey("counter").build(),
                                Collectors.toList())));
        assertThat(byCounter.get(alone)).as("decisions from a record per call").hasSizeGreaterThan(3)
                .anySatisfy(decision -> assertThat(decision.getBlocked()).isTrue());
        assertThat(byCounter.get(enveloped)).as("decisions from batches of up to three calls")
                .isEqualTo(byCounter.get(alone));
        assertThat(store().get(enveloped).getCount()).isEqualTo(store().get(alone).getCount());
    }

    @Test
    void sharesWeirInvocationsWithTheAnalyticsInOneSource() {
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(naming, serdes, AnalyticsSettings.defaults()).build(builder);
        new ThrottlingTopology(naming, serdes, settings).build(builder);

        long sources = builder.build().describe().subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Source source
                        && source.topicSet().contains(naming.name(Topics.INVOCATION_BATCHES)))
                .count();

        assertThat(sources).isEqualTo(1);
    }

    /** One record of weir.invocation-batches for api-1: the invocations in one envelope. */
    private void pipe(Invocation... invocations) {
        batches.pipeInput("api-1", InvocationEnvelopes.of(invocations));
    }

    /** The wall-clock flush of the pending sums; their repartition and counting follow in the same step. */
    private void flushCharges() {
        driver.advanceWallClockTime(settings.chargeFlushInterval());
    }

    private KeyValueStore<String, ThrottleDecision> store() {
        return driver.getKeyValueStore(ThrottlingTopology.WINDOWS_STORE);
    }

    private static GatewayPolicy policy(String name, QuotaKind kind, long limit, Long bytes) {
        return GatewayPolicy.newBuilder().setName(name).setLevel(PolicyLevel.SUBSCRIPTION)
                .setLimits(ThrottlingLimits.newBuilder().setQuotaKind(kind).setLimit(limit).setUnitMillis(60_000)
                        .setBandwidthBytes(bytes).build())
                .build();
    }

    private static GatewayNodeStatus node(String id) {
        return GatewayNodeStatus.newBuilder().setEnvironment("production").setNodeId(id)
                .setStartedAt(Instant.ofEpochMilli(T0 - 60_000)).setHeartbeatAt(Instant.ofEpochMilli(T0))
                .setStatus(GatewayNodeState.READY).build();
    }

    private static Invocation invocation(String node, long at, String... throttleKeys) {
        return Invocation.newBuilder()
                .setInvocationId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(at))
                .setApiId("api-1")
                .setEnvironment("production")
                .setOrganization("acme")
                .setCredentialKind(InvocationCredentialKind.values()[0])
                .setMethod("GET")
                .setResource("/pets")
                .setStatusCode(200)
                .setRequestBytes(100)
                .setResponseBytes(1_000)
                .setGatewayLatencyMicros(300)
                .setGatewayNode(node)
                .setProtocol(Protocol.HTTP)
                .setKind(InvocationKind.values()[0])
                .setThrottleKeys(List.of(throttleKeys))
                .build();
    }

    static {
        assert ThrottleKeys.parse(SUBSCRIPTION).policyId().equals(TEN_PER_MINUTE);
    }
}
