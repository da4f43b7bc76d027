package io.weir.e2e.bench.floor;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.function.BiFunction;

/** Starts a Vert.x reference proxy: one verticle per event loop (2 × cores, as Quarkus), epoll; exits on failure. */
final class FloorVerticles {

    private FloorVerticles() {
    }

    /** {@code args}: the port to listen on, the backend's port. */
    static void deploy(String name, String[] args, BiFunction<Integer, Integer, Verticle> verticle) {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        vertx.deployVerticle(() -> verticle.apply(port, backendPort), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println(name + " on " + port + ", " + loops + " event loops, native transport "
                        + vertx.isNativeTransportEnabled()))
                .onFailure(FloorVerticles::exit);
    }

    static void exit(Throwable failure) {
        failure.printStackTrace();
        System.exit(1);
    }
}
