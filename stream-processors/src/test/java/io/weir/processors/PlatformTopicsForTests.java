package io.weir.processors;

import io.weir.harness.quarkus.WeirTestContext;
import io.weir.harness.quarkus.WeirTestResourceCustomizer;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;

/** Before the app starts in a test: the platform's topics and schemas, as ./weir up makes them. */
public class PlatformTopicsForTests implements WeirTestResourceCustomizer {

    @Override
    public void beforeQuarkusStarts(WeirTestContext context) {
        PlatformBootstrap.run(context.bootstrapServers(), context.registryUrl().orElse(null), TopicNaming.defaults(),
                (short) 1);
    }
}
