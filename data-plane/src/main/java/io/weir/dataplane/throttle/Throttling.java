package io.weir.dataplane.throttle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.dataplane.config.NodeIdentity;
import io.weir.schema.gateway.GatewayPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.throttle.ThrottleKeys;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/**
 * The request pipeline's entry to distributed throttling: may this call pass all its counters now?
 * Each node admits its initial share of every quota at once and the rest as the throttling processor
 * grants it (weir.throttle.decisions), so N nodes together never admit more than the limit; spike
 * arrest is enforced locally. See docs/throttling.md.
 */
@Singleton
@Startup // built at start, so its meters (nodes seen, counters) exist before the first throttled call
public class Throttling {

    /** One counter a call is charged to, with the policy that limits it. */
    public record Charge(ThrottleKeys key, GatewayPolicy policy) {
    }

    /**
     * The answer to a call.
     *
     * @param retryAfterMillis when to try again if refused: the window's end for a quota, the next
     *                         token for a burst
     * @param refusedBy        the counter that refused, null if admitted
     * @param reason           "QUOTA" or "BURST", null if admitted
     */
    public record Admission(boolean admitted, long retryAfterMillis, Charge refusedBy, String reason) {

        static final Admission ADMITTED = new Admission(true, 0, null, null);
    }

    private final ThrottleLedger ledger;
    private final Counter[] throttled;

    @Inject
    Throttling(ThrottleLedger ledger, MeterRegistry registry) {
        this.ledger = ledger;
        PolicyLevel[] levels = PolicyLevel.values();
        this.throttled = new Counter[levels.length * 2];
        for (PolicyLevel level : levels) {
            throttled[level.ordinal() * 2] = counter(registry, level, "QUOTA");
            throttled[level.ordinal() * 2 + 1] = counter(registry, level, "BURST");
        }
        registry.gauge("weir.gateway.throttle.counters", ledger, ThrottleLedger::counters);
        registry.gauge("weir.gateway.throttle.nodes", ledger, l -> l.membership().nodes());
    }

    /** For tests and tools outside CDI. */
    public static Throttling of(NodeIdentity node, double initialShare, MeterRegistry registry) {
        return new Throttling(new ThrottleLedger(node.nodeId(), initialShare), registry);
    }

    /**
     * Admits a call on all its counters, or on none: counts it everywhere only if every counter
     * admits. Non-blocking; safe from any thread.
     *
     * @param nowMillis when the call arrived; the invocation record should carry the same timestamp,
     *                  so the processor counts it in the same window
     */
    public Admission admit(List<Charge> charges, long nowMillis) {
        Admission admission = ledger.admit(charges, nowMillis);
        if (!admission.admitted()) {
            PolicyLevel level = admission.refusedBy().policy().getLevel();
            throttled[level.ordinal() * 2 + ("BURST".equals(admission.reason()) ? 1 : 0)].increment();
        }
        return admission;
    }

    /**
     * Adds the bytes of an answered call (request + response) to its BANDWIDTH counters; other
     * counters were charged on admission.
     *
     * @param nowMillis best the call's arrival time (the invocation's timestamp), so the bytes land in
     *                  the window the processor counts them in
     */
    public void settle(List<Charge> charges, long bytes, long nowMillis) {
        ledger.settle(charges, bytes, nowMillis);
    }

    ThrottleLedger ledger() {
        return ledger;
    }

    private static Counter counter(MeterRegistry registry, PolicyLevel level, String reason) {
        return Counter.builder("weir.gateway.throttled")
                .description("Calls refused by throttling")
                .tag("level", level.name().toLowerCase(Locale.ROOT))
                .tag("reason", reason.toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
