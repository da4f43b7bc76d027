package io.weir.harness.junit;

import io.weir.harness.SharedComponents;
import io.weir.harness.kafka.KafkaBroker;

/**
 * {@code @ExtendWith(KafkaBrokerExtension.class)}: the test JVM's shared {@link KafkaBroker}, started once,
 * injectable as a {@code KafkaBroker} parameter, stopped when the JVM exits.
 */
public final class KafkaBrokerExtension extends SharedComponentExtension<KafkaBroker> {

    public KafkaBrokerExtension() {
        super(KafkaBroker.class, SharedComponents::kafka);
    }
}
