package io.weir.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLoopsDefaultTest {

    @Test
    void twoEventLoopsPerCoreByDefault() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EventLoopsDefault()).build();

        assertThat(config.getValue(EventLoopsDefault.PROPERTY, Integer.class))
                .isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void anOperatorsSettingWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EventLoopsDefault(),
                new PropertiesConfigSource(Map.of(EventLoopsDefault.PROPERTY, "3"), "application.properties", 250)).build();

        assertThat(config.getValue(EventLoopsDefault.PROPERTY, Integer.class)).isEqualTo(3);
    }

    @Test
    void registeredForDiscovery() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources().build();

        assertThat(config.getConfigSources()).anyMatch(source -> source instanceof EventLoopsDefault);
    }
}
