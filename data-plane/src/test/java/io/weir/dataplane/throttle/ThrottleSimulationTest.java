package io.weir.dataplane.throttle;

import static io.weir.dataplane.throttle.Policies.charge;
import static io.weir.dataplane.throttle.Policies.requests;

import io.weir.dataplane.throttle.Throttling.Charge;
import io.weir.schema.throttle.GrantRule;
import io.weir.schema.throttle.InitialShares;
import io.weir.schema.throttle.ThrottleDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Two gateway nodes and the throttling processor, simulated in virtual time without Kafka: the real
 * {@link ThrottleLedger} on each node and the real {@link GrantRule} in the processor, with a decision
 * delay between them (half on the way to the processor, half back). Like the real processor, it sums
 * the charges it receives per node and window and counts the sums every charge-flush interval, so a
 * decision comes up to that much on top of the delay. Traffic at twice the limit, even
 * or skewed. Every window must admit at most the limit; the report says how much of it is used, next
 * to the two schemes Weir replaces, simulated with the same traffic and delay: a central counter
 * whose "blocked" reaches the nodes late (WSO2's traffic manager) and local counters per node
 * (Kong's local policy, full limit per node).
 *
 * <p>Writes the table to target/throttle-simulation.md (docs/throttling.md quotes it).
 */
class ThrottleSimulationTest {

    private static final List<String> NODES = List.of("node-a", "node-b");
    private static final long LEAD_TIME = 500; // weir.processors.throttling.grant-lead-time default
    private static final long PUBLISH_INTERVAL = 100; // counts-only decisions are coalesced like this
    private static final long CHARGE_FLUSH_INTERVAL = 50; // weir.processors.throttling.charge-flush-interval default

    record Scenario(String limitName, long limit, long unitMillis, int windows, String traffic, double shareOfA,
                    long delayMillis) {
    }

    record Outcome(long maxPerWindow, double usedFraction) {
    }

    @Test
    void nodesTogetherNeverAdmitMoreThanTheLimitAndUseMostOfIt() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        List<String> rows = new ArrayList<>();
        rows.add("| limit | traffic (2x limit) | decision delay | Weir: most in a window | Weir: limit used "
                + "| central counter (WSO2-like): most in a window | local counters, limit per node (Kong-like): most in a window "
                + "| local counters, limit / N per node: limit used |");
        rows.add("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (long[] limit : new long[][] {{10, 60_000, 5}, {100, 60_000, 5}, {1_000, 1_000, 30}}) {
            for (Object[] traffic : new Object[][] {{"even", 0.5}, {"skewed 90/10", 0.9}, {"one node", 1.0}}) {
                for (long delay : limit[1] < 10_000 ? new long[] {50, 200, 500, 2_000} : new long[] {50, 200, 500}) {
                    Scenario scenario = new Scenario(name(limit), limit[0], limit[1], (int) limit[2],
                            (String) traffic[0], (double) traffic[1], delay);
                    Outcome weir = simulate(scenario, Scheme.WEIR);
                    Outcome central = simulate(scenario, Scheme.CENTRAL_COUNTER);
                    Outcome local = simulate(scenario, Scheme.LOCAL_COUNTERS);
                    Outcome split = simulate(scenario, Scheme.LOCAL_SPLIT);

                    softly.assertThat(weir.maxPerWindow()).as("admitted in a window, %s", scenario).isLessThanOrEqualTo(limit[0]);
                    softly.assertThat(weir.usedFraction()).as("limit used, %s", scenario).isGreaterThanOrEqualTo(floor(scenario));
                    rows.add(String.format(Locale.ROOT, "| %s | %s | %d ms | %d | %.1f %% | %d (%+.0f %%) | %d (%+.0f %%) | %.1f %% |",
                            scenario.limitName(), scenario.traffic(), delay, weir.maxPerWindow(), 100 * weir.usedFraction(),
                            central.maxPerWindow(), overshoot(central, limit[0]), local.maxPerWindow(),
                            overshoot(local, limit[0]), 100 * split.usedFraction()));
                }
            }
        }
        String table = String.join("\n", rows) + "\n";
        System.out.println(table);
        Files.writeString(Path.of("target", "throttle-simulation.md"), table);
        softly.assertAll();
    }

    /**
     * What must at least be used: all of it with even traffic; with skew, the part of the quiet
     * node's slice it does not use (at f = 0.5 its slice is a quarter of the limit, a fifth at 10/min).
     * A round trip longer than the window brings every grant too late: only the initial shares are used.
     */
    private static double floor(Scenario scenario) {
        if (scenario.delayMillis() >= scenario.unitMillis()) {
            return scenario.shareOfA() == 0.5 ? 0.5 : 0.25;
        }
        if (scenario.shareOfA() == 0.5) {
            return 0.98;
        }
        return scenario.shareOfA() == 1.0 ? 0.73 : 0.85;
    }

    /** Weir; WSO2's central counter; Kong's local policy with the full limit per node; local with limit / N. */
    enum Scheme { WEIR, CENTRAL_COUNTER, LOCAL_COUNTERS, LOCAL_SPLIT }

    private Outcome simulate(Scenario scenario, Scheme scheme) {
        Charge charge = charge("sub-1", requests(scenario.limit(), scenario.unitMillis()));
        List<ThrottleLedger> ledgers = new ArrayList<>();
        for (int rank = 0; rank < NODES.size(); rank++) {
            ThrottleLedger ledger = new ThrottleLedger(NODES.get(rank), scheme == Scheme.WEIR ? 0.5 : 1.0);
            ledger.membership(new Membership(NODES.size(), rank));
            ledgers.add(ledger);
        }
        GrantRule rule = new GrantRule(0.5, LEAD_TIME);
        Processor processor = new Processor();
        long[] admitted = new long[scenario.windows()];
        long[] centralCount = new long[scenario.windows()];
        long[][] localCount = new long[NODES.size()][scenario.windows()];
        boolean[][] blockedSeen = new boolean[NODES.size()][scenario.windows()];

        Random random = new Random(42);
        PriorityQueue<Event> events = new PriorityQueue<>();
        long end = scenario.windows() * scenario.unitMillis();
        double gap = scenario.unitMillis() / (2.0 * scenario.limit());
        long sequence = 0;
        for (double t = random.nextDouble() * gap; t < end; t += gap * (0.5 + random.nextDouble())) {
            int node = random.nextDouble() < scenario.shareOfA() ? 0 : 1;
            events.add(new Event((long) t, sequence++, Kind.REQUEST, node, 0, null));
        }
        while (!events.isEmpty()) {
            Event event = events.poll();
            int window = (int) (event.at() / scenario.unitMillis());
            switch (event.kind()) {
                case REQUEST -> {
                    boolean ok = switch (scheme) {
                        case WEIR -> ledgers.get(event.node()).admit(List.of(charge), event.at()).admitted();
                        case CENTRAL_COUNTER -> !blockedSeen[event.node()][window];
                        case LOCAL_COUNTERS -> localCount[event.node()][window] < scenario.limit();
                        case LOCAL_SPLIT -> localCount[event.node()][window] < scenario.limit() / NODES.size();
                    };
                    if (ok) {
                        admitted[window]++;
                        localCount[event.node()][window]++;
                        events.add(new Event(event.at() + scenario.delayMillis() / 2, sequence++, Kind.COUNTED,
                                event.node(), event.at(), null));
                    }
                }
                case COUNTED -> {
                    if (scheme == Scheme.CENTRAL_COUNTER) {
                        int invocationWindow = (int) (event.invocationAt() / scenario.unitMillis());
                        if (++centralCount[invocationWindow] >= scenario.limit()) {
                            for (int node = 0; node < NODES.size(); node++) {
                                events.add(new Event(event.at() + scenario.delayMillis() / 2, sequence++,
                                        Kind.BLOCKED, node, invocationWindow, null));
                            }
                        }
                    } else if (scheme == Scheme.WEIR) {
                        long start = InitialShares.windowStart(event.invocationAt(), scenario.unitMillis());
                        processor.pending.merge(List.of((long) event.node(), start),
                                new Sum(event.node(), start, 1, 1, event.invocationAt()), Sum::plus);
                        if (!processor.flushScheduled) {
                            processor.flushScheduled = true;
                            events.add(new Event((event.at() / CHARGE_FLUSH_INTERVAL + 1) * CHARGE_FLUSH_INTERVAL,
                                    sequence++, Kind.FLUSH, 0, 0, null));
                        }
                    }
                }
                case FLUSH -> {
                    List<Sum> due = new ArrayList<>(processor.pending.values());
                    due.sort(Comparator.comparingLong(Sum::windowStart).thenComparingLong(Sum::lastChargedAt));
                    processor.pending.clear();
                    processor.flushScheduled = false;
                    for (Sum sum : due) {
                        GrantRule.Counted counted = rule.count(processor.decision, charge.key(), charge.policy(),
                                NODES.get(sum.node()), sum.amount(), sum.calls(), sum.lastChargedAt(), NODES, event.at()).orElse(null);
                        if (counted != null) {
                            processor.decision = counted.decision();
                            // grants and blocks go out at once, counts at the next publish tick
                            long out = counted.urgent() ? event.at()
                                    : (event.at() / PUBLISH_INTERVAL + 1) * PUBLISH_INTERVAL;
                            for (int node = 0; node < NODES.size(); node++) {
                                events.add(new Event(out + scenario.delayMillis() / 2, sequence++, Kind.DECISION,
                                        node, 0, counted.decision()));
                            }
                        }
                    }
                }
                case DECISION -> ledgers.get(event.node()).apply(charge.key(), event.decision());
                case BLOCKED -> blockedSeen[event.node()][(int) event.invocationAt()] = true;
                default -> throw new IllegalStateException();
            }
        }
        long max = 0;
        long total = 0;
        for (long count : admitted) {
            max = Math.max(max, count);
            total += count;
        }
        return new Outcome(max, (double) total / (scenario.limit() * scenario.windows()));
    }

    private static final class Processor {
        ThrottleDecision decision;
        /** Charges received since the last flush, summed per (node, window start). */
        final Map<List<Long>, Sum> pending = new HashMap<>();
        boolean flushScheduled;
    }

    record Sum(int node, long windowStart, long amount, long calls, long lastChargedAt) {

        Sum plus(Sum other) {
            return new Sum(node, windowStart, amount + other.amount, calls + other.calls,
                    Math.max(lastChargedAt, other.lastChargedAt));
        }
    }

    enum Kind { REQUEST, COUNTED, FLUSH, DECISION, BLOCKED }

    record Event(long at, long sequence, Kind kind, int node, long invocationAt, ThrottleDecision decision)
            implements Comparable<Event> {

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private static double overshoot(Outcome outcome, long limit) {
        return 100.0 * (outcome.maxPerWindow() - limit) / limit;
    }

    private static String name(long[] limit) {
        return limit[0] + (limit[1] == 60_000 ? " / min" : " / s");
    }

    static {
        // the simulation's windows are aligned to the epoch like the real ones
        assert InitialShares.windowStart(60_000, 60_000) == 60_000;
    }
}
