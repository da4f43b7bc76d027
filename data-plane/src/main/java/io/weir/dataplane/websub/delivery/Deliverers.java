package io.weir.dataplane.websub.delivery;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Spreads the subscriptions' lanes over the node's event loops: one {@link Deliverer} per loop, and
 * a subscription always on the same one (by the hash of its id), so its deliveries stay strictly
 * ordered while different subscriptions are signed, posted and recorded on several cores at once.
 */
final class Deliverers {

    private final List<Deliverer> deliverers;

    /** {@code loops} event loops of the node (0 or more than it has = all of them), each given to one deliverer. */
    Deliverers(Vertx vertx, int loops, Function<Context, Deliverer> deliverer) {
        this.deliverers = contexts(vertx, loops).stream().map(deliverer).toList();
    }

    /** From any thread: one poll's tasks, in dispatch order; each deliverer gets its share in one hand-over. */
    void accept(List<Task> tasks) {
        List<List<Task>> shares = new ArrayList<>(deliverers.size());
        deliverers.forEach(deliverer -> shares.add(new ArrayList<>()));
        for (Task task : tasks) {
            shares.get(index(task.dispatch.getSubscriptionId(), deliverers.size())).add(task);
        }
        for (int i = 0; i < shares.size(); i++) {
            if (!shares.get(i).isEmpty()) {
                deliverers.get(i).accept(shares.get(i));
            }
        }
    }

    /** From any thread: the partitions were taken away from this node. */
    void revoke(Set<TopicPartition> partitions) {
        deliverers.forEach(deliverer -> deliverer.revoke(partitions));
    }

    /** Which deliverer holds a subscription's lane: always the same for the same id. */
    static int index(String subscriptionId, int deliverers) {
        return Math.floorMod(subscriptionId.hashCode(), deliverers);
    }

    /**
     * One context per event loop. Vert.x has no public call that binds a context to a chosen loop
     * (a non-Vert.x thread's getOrCreateContext() keeps returning one sticky context), hence the
     * internal one; any other Vertx gets a single context.
     */
    static List<Context> contexts(Vertx vertx, int loops) {
        List<Context> contexts = new ArrayList<>();
        if (vertx instanceof VertxInternal internal) {
            for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
                if (loops > 0 && contexts.size() == loops) {
                    break;
                }
                contexts.add(internal.createEventLoopContext((EventLoop) executor, null,
                        Thread.currentThread().getContextClassLoader()));
            }
        }
        if (contexts.isEmpty()) {
            contexts.add(vertx.getOrCreateContext());
        }
        return contexts;
    }
}
