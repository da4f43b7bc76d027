package io.weir.harness.quarkus;

/**
 * Found with {@link java.util.ServiceLoader} by {@link WeirTestResource} (list the implementation in
 * {@code src/test/resources/META-INF/services/io.weir.harness.quarkus.WeirTestResourceCustomizer}):
 * creates a module's topics, or adds config, before Quarkus starts.
 */
@FunctionalInterface
public interface WeirTestResourceCustomizer {

    void beforeQuarkusStarts(WeirTestContext context);
}
