package io.weir.controlplane;

import io.weir.harness.quarkus.WeirTestContext;
import io.weir.harness.quarkus.WeirTestResourceCustomizer;
import io.weir.schema.bootstrap.PlatformBootstrap;
import io.weir.schema.catalogue.TopicNaming;

/** Before the app starts in a test: the platform's topics and schemas, as ./weir up makes them; no seeding. */
public class PlatformTopicsForTests implements WeirTestResourceCustomizer {

    @Override
    public void beforeQuarkusStarts(WeirTestContext context) {
        PlatformBootstrap.run(context.bootstrapServers(), context.registryUrl().orElse(null), TopicNaming.defaults(),
                (short) 1);
        // no command processor runs in this module's tests, so nothing could be seeded: the seeding
        // is exercised end to end in test-harness/end-to-end; keys and files go to a temp dir
        context.config().put("weir.control-plane.security.bootstrap-enabled", "false");
        try {
            context.config().put("weir.home", java.nio.file.Files.createTempDirectory("weir-control-plane-it").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
