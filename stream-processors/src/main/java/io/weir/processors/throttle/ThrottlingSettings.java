package io.weir.processors.throttle;

import io.weir.schema.throttle.InitialShares;
import java.time.Duration;

/** The throttling processor's settings as values (tests build them directly). */
public record ThrottlingSettings(double initialShare, Duration grantLeadTime, Duration nodeStaleness,
                                 Duration chargeFlushInterval, Duration publishInterval, Duration windowRetention) {

    public static ThrottlingSettings defaults() {
        return new ThrottlingSettings(InitialShares.DEFAULT_FRACTION, Duration.ofMillis(500), Duration.ofSeconds(6),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(60));
    }

    public static ThrottlingSettings from(ThrottlingConfig config) {
        return new ThrottlingSettings(config.initialShare(), config.grantLeadTime(), config.nodeStaleness(),
                config.chargeFlushInterval(), config.publishInterval(), config.windowRetention());
    }
}
