package io.weir.dataplane.websub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliverersTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void oneContextPerEventLoopEachOnItsOwnThread() {
        List<Context> contexts = Deliverers.contexts(vertx, 0);
        assertThat(contexts).hasSize(3);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        contexts.forEach(context -> context.runOnContext(v -> threads.add(Thread.currentThread().getName())));
        Awaitility.await().alias("every context ran its task").atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 3);
        assertThat(contexts).allMatch(Context::isEventLoopContext);
    }

    @Test
    void asManyLoopsAsAskedAndNeverMoreThanTheNodeHas() {
        assertThat(Deliverers.contexts(vertx, 2)).hasSize(2);
        assertThat(Deliverers.contexts(vertx, 1)).hasSize(1);
        assertThat(Deliverers.contexts(vertx, 8)).hasSize(3);
    }

    @Test
    void aSubscriptionAlwaysLandsOnTheSameDelivererAndSubscriptionsSpreadOverAll() {
        assertThat(Deliverers.index("sub-42", 4)).isEqualTo(Deliverers.index("sub-42", 4));
        assertThat(IntStream.range(0, 400).map(i -> Deliverers.index("sub-" + i, 4)).distinct().count()).isEqualTo(4);
        assertThat(IntStream.range(0, 400).map(i -> Deliverers.index(Integer.toString(i * 7919), 3))).allMatch(i -> i >= 0 && i < 3);
    }
}
