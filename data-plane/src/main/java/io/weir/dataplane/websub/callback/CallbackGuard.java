package io.weir.dataplane.websub.callback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Checks a callback URL against the {@link CallbackPolicy} after resolving its host, off the event
 * loop (the JVM resolver blocks: it runs on a worker). Used when a subscription is requested and
 * again before every delivery, so a name re-pointed at a private address is caught.
 */
public final class CallbackGuard {

    /** The verdict: allowed, or refused with a reason for the problem detail and the delivery record. */
    public record Verdict(boolean allowed, String reason) {
    }

    private final Vertx vertx;
    private final CallbackPolicy policy;

    public CallbackGuard(Vertx vertx, CallbackPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
    }

    public Future<Verdict> check(String url) {
        String problem = CallbackPolicy.urlProblem(url);
        if (problem != null) {
            return Future.succeededFuture(new Verdict(false, problem));
        }
        String host = CallbackPolicy.host(url);
        return vertx.executeBlocking(() -> judge(host), false);
    }

    /** Blocking: resolves the host. */
    public Verdict judge(String host) {
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return new Verdict(false, "The callback host '" + host + "' does not resolve.");
        }
        InetAddress refused = policy.refused(addresses);
        return refused == null ? new Verdict(true, null)
                : new Verdict(false, "The callback host '" + host + "' resolves to " + refused.getHostAddress()
                + ", a denied address range (loopback, private, link-local or unspecified).");
    }
}
