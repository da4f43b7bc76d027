package io.weir.harness.junit;

import io.weir.harness.SharedComponents;
import io.weir.harness.registry.ApicurioRegistry;

/**
 * {@code @ExtendWith(ApicurioRegistryExtension.class)}: the test JVM's shared {@link ApicurioRegistry}, started once,
 * injectable as a {@code ApicurioRegistry} parameter, stopped when the JVM exits.
 */
public final class ApicurioRegistryExtension extends SharedComponentExtension<ApicurioRegistry> {

    public ApicurioRegistryExtension() {
        super(ApicurioRegistry.class, SharedComponents::registry);
    }
}
