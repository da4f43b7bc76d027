package io.weir.dataplane.http;

import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.auth.Authentication.Subscribed;
import io.weir.dataplane.routing.ResourceRoute;
import io.weir.dataplane.state.GatewayState;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.gateway.GatewaySubscription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The throttle counters of the calls a thread (an event loop) served last, by caller: building them
 * ({@link ThrottleCharges}) names four policies and four counters per call - string concatenations,
 * policy lookups and fresh keys whose hashes the throttle ledger computes again - while a client calls
 * the same resource with the same credential again and again.
 *
 * <p>A caller is the API snapshot, the resource route, the credential and the subscription, each by
 * identity: the node's state replaces these objects whenever they change (a redeployed API, a changed
 * credential or subscription), so a changed one is a new caller, never a stale answer. Policies change in
 * place, so every remembered set carries the {@linkplain GatewayState#policiesVersion() policies version}
 * it was built under and is built again once that moved. Per thread, so nothing is shared or locked; at
 * most {@value #PER_THREAD} callers per thread, least recently used first out (they keep the replaced
 * objects they name reachable until then).
 */
final class RecentCharges {

    static final int PER_THREAD = 1024;

    private final ThreadLocal<Map<Caller, Remembered>> recent = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Caller, Remembered> eldest) {
                    return size() > PER_THREAD;
                }
            });

    /** {@link ThrottleCharges#of(GatewayState, GatewayApi, ResourceRoute, Authentication)}, remembered. */
    CallCharges of(GatewayState state, GatewayApi api, ResourceRoute route, Authentication caller) {
        long version = state.policiesVersion(); // before the lookups: a change during them shows next time
        Caller key = caller instanceof Subscribed s
                ? new Caller(api, route, s.credential(), s.subscription())
                : new Caller(api, route, null, null);
        Map<Caller, Remembered> remembered = recent.get();
        Remembered charges = remembered.get(key);
        if (charges == null || charges.policiesVersion != version) {
            charges = new Remembered(version, CallCharges.of(ThrottleCharges.of(state, api, route, caller)));
            remembered.put(key, charges);
        }
        return charges.charges;
    }

    /** How many callers the calling thread remembers. */
    int rememberedByThisThread() {
        return recent.get().size();
    }

    private record Remembered(long policiesVersion, CallCharges charges) {
    }

    /** Who calls what, by identity (the records' own equals would compare every field of an API). */
    private static final class Caller {

        private final GatewayApi api;
        private final ResourceRoute route;
        private final GatewayCredential credential;
        private final GatewaySubscription subscription;
        private final int hash;

        Caller(GatewayApi api, ResourceRoute route, GatewayCredential credential, GatewaySubscription subscription) {
            this.api = api;
            this.route = route;
            this.credential = credential;
            this.subscription = subscription;
            this.hash = ((System.identityHashCode(api) * 31 + System.identityHashCode(route)) * 31
                    + System.identityHashCode(credential)) * 31 + System.identityHashCode(subscription);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Caller c && c.api == api && c.route == route && c.credential == credential
                    && c.subscription == subscription;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
